package dev.pylayer.wheel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoreMetadataTest {

  private static final String METADATA =
      "Metadata-Version: 2.1\r\n"
          + "Name: litellm\r\n"
          + "Version: 1.45.0\r\n"
          + "Summary: Library to easily interface with LLM API providers\r\n"
          + "License: MIT\r\n"
          + "    Copyright (c) 2023\r\n"
          + "\tBerri AI\r\n"
          + "Requires-Python: !=2.7.*,!=3.0.*,>=3.8\r\n"
          + "Requires-Dist: aiohttp\r\n"
          + "requires-dist: click\r\n"
          + "Requires-Dist: jsonschema (>=4.22.0,<5.0.0)\r\n"
          + "Requires-Dist: orjson (>=3.9.7,<4.0.0) ; extra == \"proxy\"\r\n"
          + "Provides-Extra: proxy\r\n"
          + "\r\n"
          + "# LiteLLM\r\n"
          + "Requires-Dist: not-a-field\r\n"
          + "Version: 9.9\r\n";

  @Test
  void readsSingleAndMultiValuedFieldsCaseInsensitively() {
    CoreMetadata metadata = CoreMetadata.parse(METADATA);
    assertThat(metadata.name()).contains("litellm");
    assertThat(metadata.version()).contains("1.45.0");
    assertThat(metadata.get("SUMMARY"))
        .contains("Library to easily interface with LLM API providers");
    assertThat(metadata.requiresPython()).contains("!=2.7.*,!=3.0.*,>=3.8");
    assertThat(metadata.requiresDist())
        .containsExactly(
            "aiohttp",
            "click",
            "jsonschema (>=4.22.0,<5.0.0)",
            "orjson (>=3.9.7,<4.0.0) ; extra == \"proxy\"");
    assertThat(metadata.getAll("Provides-Extra")).containsExactly("proxy");
    assertThat(metadata.getAll("Classifier")).isEmpty();
    assertThat(metadata.get("Description")).isEmpty();
  }

  @Test
  void joinsContinuationLinesAndIgnoresTheBody() {
    CoreMetadata metadata = CoreMetadata.parse(METADATA);
    assertThat(metadata.get("License")).contains("MIT\nCopyright (c) 2023\nBerri AI");
    assertThat(metadata.fieldNames())
        .containsExactly(
            "metadata-version",
            "name",
            "version",
            "summary",
            "license",
            "requires-python",
            "requires-dist",
            "provides-extra");
  }

  @Test
  void parsesWheelFileAndToleratesOddInput() {
    CoreMetadata wheel =
        CoreMetadata.parse(
            "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.43.0)\nRoot-Is-Purelib: false\n"
                + "Tag: cp311-cp311-manylinux_2_17_x86_64\nTag: cp311-cp311-manylinux2014_x86_64");
    assertThat(wheel.get("wheel-version")).contains("1.0");
    assertThat(wheel.getAll("Tag")).hasSize(2);
    assertThat(CoreMetadata.parse("").fieldNames()).isEmpty();
    assertThat(CoreMetadata.parse(" leading continuation\nName: x\n").fieldNames()).isEmpty();
    assertThat(CoreMetadata.parse("Name: a\nthis is no header\nVersion: 1\n").version()).isEmpty();
    assertThat(CoreMetadata.parse("Name:    spaced   \n").name()).contains("spaced");
    assertThat(CoreMetadata.parse("Summary:\n").get("Summary")).contains("");
  }
}
