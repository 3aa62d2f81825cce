package dev.pylayer.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Reads the spec file's supply-chain tables ({@code [limits]}, {@code [audit]}) into the builder. */
final class SupplyChainFile {

  private SupplyChainFile() {}

  static void apply(JsonNode limits, JsonNode audit, Path base, LayerSpec.Builder b,
      BiFunction<String, String, SpecException> error) {
    SupplyChainOptions options = SupplyChainOptions.DEFAULTS; // a spec file starts from defaults
    if (limits.has("unpacked-mb")) {
      JsonNode value = limits.get("unpacked-mb");
      if (!value.isNumber() || !(value.asDouble() > 0)) {
        throw error.apply("limits.unpacked-mb", "must be a positive number of MiB, e.g. 250");
      }
      options = options.withMaxUnpackedMb(value.asDouble());
    }
    if (audit.has("allow-startup-code")) {
      options = options.allowingStartupCode(strings(audit, "allow-startup-code", error));
    }
    if (audit.has("known-bad-files")) {
      List<Path> files = new ArrayList<>();
      strings(audit, "known-bad-files", error).forEach(f -> files.add(base.resolve(f)));
      options = options.withKnownBadFiles(files);
    }
    if (audit.has("strict")) {
      if (!audit.get("strict").isBoolean()) {
        throw error.apply("audit.strict", "must be true or false");
      }
      options = options.withStrict(audit.get("strict").asBoolean());
    }
    b.supplyChain(options);
  }

  private static List<String> strings(JsonNode table, String key,
      BiFunction<String, String, SpecException> error) {
    JsonNode node = table.get(key);
    List<String> values = new ArrayList<>();
    if (!node.isArray()) {
      throw error.apply("audit." + key, "must be a list of strings, e.g. [\"name\"]");
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw error.apply("audit." + key, "must be a list of strings; found " + item);
      }
      values.add(item.asText());
    }
    return values;
  }
}
