package dev.pylayer.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;

/** Reads the spec file's supply-chain tables ({@code [limits]}) into the builder. */
final class SupplyChainFile {

  private SupplyChainFile() {}

  static void apply(JsonNode limits, LayerSpec.Builder b,
      BiFunction<String, String, SpecException> error) {
    SupplyChainOptions options = SupplyChainOptions.DEFAULTS; // a spec file starts from defaults
    if (limits.has("unpacked-mb")) {
      JsonNode value = limits.get("unpacked-mb");
      if (!value.isNumber() || !(value.asDouble() > 0)) {
        throw error.apply("limits.unpacked-mb", "must be a positive number of MiB, e.g. 250");
      }
      options = options.withMaxUnpackedMb(value.asDouble());
    }
    b.supplyChain(options);
  }
}
