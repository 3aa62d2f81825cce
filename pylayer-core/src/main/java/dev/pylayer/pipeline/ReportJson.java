package dev.pylayer.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pylayer.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@link LayerReport}s as JSON: pretty, snake_case, written atomically. */
public final class ReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String toJson(LayerReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  public static String toJson(List<LayerReport> reports) {
    try {
      return MAPPER.writeValueAsString(reports);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the reports as JSON", e);
    }
  }

  public static LayerReport read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), LayerReport.class);
  }

  /** Writes {@code report} to {@code file} atomically (see {@link AtomicFiles}). */
  public static void write(LayerReport report, Path file) throws IOException {
    AtomicFiles.write(file, (toJson(report) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
