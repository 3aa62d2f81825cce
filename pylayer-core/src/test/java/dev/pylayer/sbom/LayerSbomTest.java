package dev.pylayer.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.wheel.CoreMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class LayerSbomTest {

  private static final String ZIP_SHA = "a".repeat(64);

  private static SbomInputs.Document document(String zipSha) {
    return new SbomInputs.Document(
        new SbomInputs.Layer("demo", "python-demo-x86_64.zip", zipSha, "x86_64"),
        new SbomInputs.Interpreter("3.11.14", Optional.of("20251031"),
            "https://github.com/astral-sh/python-build-standalone/releases/download/20251031/"
                + "cpython-3.11.14%2B20251031-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
            "cpython-3.11.14+20251031-x86_64-unknown-linux-gnu-install_only_stripped.tar.gz",
            "b".repeat(64)),
        List.of(
            new SbomInputs.Distribution("Zope.Interface", "5.0", "zope.interface-5.0-py3-none-any.whl",
                "c".repeat(64), Optional.empty(), Licenses.of(CoreMetadata.parse(
                    "Metadata-Version: 2.1\nName: Zope.Interface\nVersion: 5.0\n"
                        + "License: ZPL 2.1\nClassifier: License :: OSI Approved :: Zope Public"
                        + " License\n\n"))),
            new SbomInputs.Distribution("httpx", "0.27.2", "httpx-0.27.2-py3-none-any.whl",
                "d".repeat(64), Optional.of("https://files.example/httpx-0.27.2-py3-none-any.whl"),
                Licenses.of(CoreMetadata.parse("Metadata-Version: 2.4\nName: httpx\n"
                    + "Version: 0.27.2\nLicense-Expression: BSD-3-Clause\n\n")))),
        Instant.ofEpochSecond(1_700_000_000L), "0.1.0");
  }

  @Test
  void validatesAgainstTheOfficialCycloneDxSchema() throws Exception {
    byte[] json = LayerSbom.toJson(document(ZIP_SHA)).getBytes(StandardCharsets.UTF_8);

    assertThat(new JsonParser().validate(json, LayerSbom.SPEC)).isEmpty();
    assertThat(new JsonParser().isValid(json, LayerSbom.SPEC)).isTrue();
    // The validator does check: a hash that is not hex breaks the schema's pattern.
    byte[] broken = LayerSbom.toJson(document("not-a-sha256")).getBytes(StandardCharsets.UTF_8);
    assertThat(new JsonParser().validate(broken, LayerSbom.SPEC)).isNotEmpty();
  }

  @Test
  void listsTheInterpreterEveryDistributionAndTheZipAsSubject() throws Exception {
    JsonNode bom = new ObjectMapper().readTree(LayerSbom.toJson(document(ZIP_SHA)));

    assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.at("/metadata/timestamp").asText()).startsWith("2023-11-14T22:13:20");
    assertThat(bom.at("/metadata/component/name").asText()).isEqualTo("python-demo-x86_64.zip");
    assertThat(bom.at("/metadata/component/hashes/0/content").asText()).isEqualTo(ZIP_SHA);
    JsonNode components = bom.get("components");
    assertThat(components).hasSize(3);
    assertThat(components.get(0).get("name").asText()).isEqualTo("cpython");
    assertThat(components.get(0).get("purl").asText())
        .startsWith("pkg:generic/python-build-standalone/cpython@3.11.14%2B20251031");
    assertThat(components.get(0).at("/hashes/0/content").asText()).isEqualTo("b".repeat(64));
    assertThat(components.get(1).get("purl").asText()).isEqualTo("pkg:pypi/httpx@0.27.2");
    assertThat(components.get(1).at("/licenses/0/expression").asText())
        .isEqualTo("BSD-3-Clause");
    assertThat(components.get(2).get("purl").asText()).isEqualTo("pkg:pypi/zope-interface@5.0");
    assertThat(components.get(2).at("/licenses/0/license/name").asText()).isEqualTo("ZPL 2.1");
    assertThat(components.get(2).at("/licenses/1/license/name").asText())
        .isEqualTo("Zope Public License");
    assertThat(components.get(2).at("/hashes/0/content").asText()).isEqualTo("c".repeat(64));
    assertThat(components.get(2).toString()).contains("zope.interface-5.0-py3-none-any.whl");
  }

  @Test
  void theSameInputsGiveTheSameBytesAndTheSerialFollowsTheContent() {
    String first = LayerSbom.toJson(document(ZIP_SHA));
    String second = LayerSbom.toJson(document(ZIP_SHA));
    String other = LayerSbom.toJson(document("e".repeat(64)));

    assertThat(second).isEqualTo(first);
    assertThat(first).containsPattern("\"serialNumber\" ?: ?\"urn:uuid:[0-9a-f-]{36}\"");
    assertThat(serial(other)).isNotEqualTo(serial(first));
  }

  private static String serial(String json) {
    int at = json.indexOf("urn:uuid:");
    return json.substring(at, at + 45);
  }
}
