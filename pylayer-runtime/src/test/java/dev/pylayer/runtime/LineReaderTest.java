package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static LineReader reader(String text, int max) {
    // A tiny read size would be nicer; the 64 KiB buffer still sees lines split across reads below.
    return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void readsLinesAndAFinalUnterminatedOne() throws IOException {
    LineReader lines = reader("{\"a\":1}\n\nlast é", 1024);
    assertThat(lines.next().text).isEqualTo("{\"a\":1}");
    assertThat(lines.next().text).isEmpty();
    LineReader.Line last = lines.next();
    assertThat(last.text).isEqualTo("last é");
    assertThat(last.oversized()).isFalse();
    assertThat(lines.next()).isNull();
  }

  @Test
  void skipsAnOversizedLineKeepingItsPrefix() throws IOException {
    String big = "{\"id\":42,\"type\":\"result\",\"data\":\"" + "x".repeat(200_000) + "\"}";
    LineReader lines = reader(big + "\n{\"id\":43}\n", 100_000);
    LineReader.Line refused = lines.next();
    assertThat(refused.oversized()).isTrue();
    assertThat(refused.oversizedLength).isEqualTo(big.length());
    assertThat(refused.text).hasSizeLessThanOrEqualTo(LineReader.OVERSIZED_PREFIX).startsWith("{\"id\":42,");
    assertThat(WorkerMessage.leadingId(refused.text)).isEqualTo(42);
    assertThat(lines.next().text).isEqualTo("{\"id\":43}");
    assertThat(lines.next()).isNull();
  }

  @Test
  void lineOfExactlyTheLimitIsAccepted() throws IOException {
    LineReader lines = reader("y".repeat(70_000) + "\n", 70_000);
    assertThat(lines.next().text).hasSize(70_000);
  }
}
