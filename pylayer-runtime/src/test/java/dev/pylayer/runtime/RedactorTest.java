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
  void findsTheSecretsARequestCarries() {
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("model", "gemini/gemini-pro");
    params.put("max_tokens", 100);
    params.put("api_key", "perrequest-123");
    params.put("api_base", "https://generativelanguage.invalid/v1?alt=sse&key=urlkey-4567");
    params.put("vertex_credentials", "{\"project_id\": \"demo\", \"private_key_id\": \"pkid-89ab\","
        + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nAAAABBBBCCCCDDDDEEEE\\n-----END PRIVATE KEY-----\\n\"}");
    params.put("extra_headers", Map.of("Authorization", "Bearer tok-abcdef", "Content-Type", "application/json"));
    java.util.List<String> secrets = Redactor.secretsIn(params);
    assertThat(secrets).contains("perrequest-123", "urlkey-4567", "pkid-89ab", "AAAABBBBCCCCDDDDEEEE", "tok-abcdef", "Bearer tok-abcdef")
        .doesNotContain("demo", "gemini/gemini-pro", "application/json", "sse");

    Redactor redactor = Redactor.forEnvironments(Map.of());
    redactor.learn(secrets);
    assertThat(redactor.redact("printed: perrequest-123 AAAABBBBCCCCDDDDEEEE tok-abcdef pkid-89ab project demo"))
        .isEqualTo("printed: [REDACTED] [REDACTED] [REDACTED] [REDACTED] project demo");
  }

  @Test
  void patternsCoverKeysInUrlsPrivateKeysAndNamedSecrets() {
    Redactor redactor = Redactor.forEnvironments(Map.of());
    assertThat(redactor.redact("GET https://x.invalid/v1/models?key=AIzaSyA-1234&alt=json"))
        .isEqualTo("GET https://x.invalid/v1/models?key=[REDACTED]&alt=json");
    assertThat(redactor.redact("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}"))
        .doesNotContain("MIIE");
    assertThat(redactor.redact("aws_secret_access_key='wJalrXUtnFEMI/K7MDENG' client_secret: abc123xyz"))
        .doesNotContain("wJalrXUtnFEMI").doesNotContain("abc123xyz");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "RateLimitError: you exceeded your quota (skiing-trip is not a key)";
    assertThat(Redactor.forEnvironments(Map.of()).redact(text)).isEqualTo(text);
  }
}
