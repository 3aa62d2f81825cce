package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void removesKeysTokensAndHeaders() {
    Redactor redactor = Redactor.forEnvironments(Map.of("MY_SERVICE_TOKEN", "tok_abcdef123", "PATH", "/usr/bin"));
    String text = "Incorrect API key provided: sk-proj-abcdEFGH1234. headers={'Authorization': 'Bearer abc.def-ghi'}"
        + " api_key=\"secret-value\" token tok_abcdef123 path /usr/bin";
    String redacted = redactor.redact(text);
    assertThat(redacted)
        .doesNotContain("abcdEFGH1234")
        .doesNotContain("abc.def-ghi")
        .doesNotContain("secret-value")
        .doesNotContain("tok_abcdef123")
        .contains("/usr/bin")
        .contains("Incorrect API key provided: sk-[REDACTED]");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "RateLimitError: you exceeded your quota (skiing-trip is not a key)";
    assertThat(Redactor.forEnvironments(Map.of()).redact(text)).isEqualTo(text);
  }
}
