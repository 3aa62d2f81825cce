package dev.pylayer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimplePagesTest {

  private static final URI PAGE = URI.create("https://example.org/simple/demo/");
  private static final IndexSource SOURCE =
      IndexSource.index("https://example.org/simple/", Path.of("/"));
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  @Test
  void readsAnchorsWrittenInAnyStyle() {
    String html = "<!DOCTYPE html>\n<HTML><body>\n"
        + "<!-- <a href=\"commented-1.0.tar.gz\">commented</a> -->\n"
        + "<a href=\"../../files/demo-1.0-py3-none-any.whl#sha256=" + SHA_A + "\""
        + " data-requires-python=\"&gt;=3.8\">demo-1.0-py3-none-any.whl</a><br/>\n"
        + "<A data-requires-python='&gt;=3.9,&lt;4' HREF='https://cdn.example.net/demo-2.0.tar.gz"
        + "#sha256=" + SHA_B.toUpperCase() + "' data-yanked=''>demo-2.0.tar.gz</A>\n"
        + "<a data-yanked=\"broken &amp; withdrawn\" href=demo-3.0.zip>demo-3.0.zip</a>\n"
        + "<a\n  href=\"demo%2B1-4.0.tar.gz\"\n  data-yanked>demo+1-4.0.tar.gz</a>\n"
        + "<a href=\"../\">parent</a>\n"
        + "<script>var s = '<a href=\"evil.whl\">';</script>\n"
        + "</body></HTML>";

    List<DistributionFile> files = SimplePages.parseHtml(html, PAGE, SOURCE);

    assertThat(files).extracting(DistributionFile::filename)
        .containsExactly("demo-1.0-py3-none-any.whl", "demo-2.0.tar.gz", "demo-3.0.zip",
            "demo+1-4.0.tar.gz");
    DistributionFile wheel = files.get(0);
    assertThat(wheel.url())
        .isEqualTo(URI.create("https://example.org/files/demo-1.0-py3-none-any.whl"));
    assertThat(wheel.hashes()).isEqualTo(Map.of("sha256", SHA_A));
    assertThat(wheel.requiresPython()).contains(">=3.8");
    assertThat(wheel.yanked()).isFalse();
    assertThat(wheel.coreMetadataAvailable()).isFalse();
    assertThat(wheel.size()).isEmpty();
    assertThat(wheel.source()).isEqualTo(SOURCE);

    DistributionFile sdist = files.get(1);
    assertThat(sdist.url()).isEqualTo(URI.create("https://cdn.example.net/demo-2.0.tar.gz"));
    assertThat(sdist.sha256()).contains(SHA_B);
    assertThat(sdist.requiresPython()).contains(">=3.9,<4");
    assertThat(sdist.yanked()).isTrue();
    assertThat(sdist.yankedReason()).isEmpty();

    assertThat(files.get(2).yanked()).isTrue();
    assertThat(files.get(2).yankedReason()).contains("broken & withdrawn");
    assertThat(files.get(2).url()).isEqualTo(URI.create("https://example.org/simple/demo/demo-3.0.zip"));
    assertThat(files.get(2).hashes()).isEmpty();
    assertThat(files.get(3).yanked()).isTrue();
  }

  @Test
  void readsCoreMetadataAttributesNewAndLegacy() {
    String html = "<a href=\"a-1.0-py3-none-any.whl\" data-core-metadata=\"sha256=" + SHA_A
        + "\" data-dist-info-metadata=\"sha256=" + SHA_B + "\">a</a>"
        + "<a href=\"a-2.0-py3-none-any.whl\" data-dist-info-metadata=\"true\">a</a>"
        + "<a href=\"a-3.0-py3-none-any.whl\" data-dist-info-metadata=\"sha256=" + SHA_B
        + "\">a</a>"
        + "<a href=\"a-4.0-py3-none-any.whl\" data-core-metadata=\"false\">a</a>";

    List<DistributionFile> files = SimplePages.parseHtml(html, PAGE, SOURCE);

    assertThat(files.get(0).coreMetadataHashes()).isEqualTo(Map.of("sha256", SHA_A));
    assertThat(files.get(1).coreMetadataAvailable()).isTrue();
    assertThat(files.get(1).coreMetadataHashes()).isEmpty();
    assertThat(files.get(2).coreMetadataHashes()).isEqualTo(Map.of("sha256", SHA_B));
    assertThat(files.get(3).coreMetadataAvailable()).isFalse();
  }

  @Test
  void honoursBaseHrefAndDecodesNumericReferences() {
    String html = "<head><base href=\"https://mirror.example/packages/\"></head>"
        + "<a href=\"x/demo-1.0.tar.gz\" data-requires-python=\"&#62;=3.7&#x2C;!=3.8.*\">d</a>";

    DistributionFile file = SimplePages.parseHtml(html, PAGE, SOURCE).get(0);

    assertThat(file.url()).isEqualTo(URI.create("https://mirror.example/packages/x/demo-1.0.tar.gz"));
    assertThat(file.requiresPython()).contains(">=3.7,!=3.8.*");
  }

  @Test
  void readsPep691Json() throws IndexException {
    String json = "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"demo\", \"files\": ["
        + "{\"filename\": \"demo-1.0-py3-none-any.whl\", \"url\": \"../../files/demo-1.0-py3-none-any.whl\","
        + " \"hashes\": {\"sha256\": \"" + SHA_A + "\", \"blake2b\": \"cafe\"},"
        + " \"requires-python\": \">=3.8\", \"core-metadata\": {\"sha256\": \"" + SHA_B + "\"},"
        + " \"size\": 1234, \"upload-time\": \"2024-01-01T00:00:00.000000Z\", \"yanked\": false},"
        + "{\"filename\": \"demo-2.0.tar.gz\", \"url\": \"https://cdn.example.net/demo-2.0.tar.gz\","
        + " \"hashes\": {}, \"yanked\": \"security hole\", \"dist-info-metadata\": true},"
        + "{\"filename\": \"demo-3.0.tar.gz\", \"url\": \"demo-3.0.tar.gz\", \"hashes\": {},"
        + " \"yanked\": true, \"requires-python\": null, \"core-metadata\": false}"
        + "], \"versions\": [\"1.0\", \"2.0\", \"3.0\"]}";

    List<DistributionFile> files =
        SimplePages.parseJson(json.getBytes(StandardCharsets.UTF_8), PAGE, SOURCE);

    DistributionFile wheel = files.get(0);
    assertThat(wheel.url())
        .isEqualTo(URI.create("https://example.org/files/demo-1.0-py3-none-any.whl"));
    assertThat(wheel.hashes()).isEqualTo(Map.of("sha256", SHA_A, "blake2b", "cafe"));
    assertThat(wheel.requiresPython()).contains(">=3.8");
    assertThat(wheel.coreMetadataHashes()).isEqualTo(Map.of("sha256", SHA_B));
    assertThat(wheel.size()).hasValue(1234);
    assertThat(wheel.uploadTime()).contains("2024-01-01T00:00:00.000000Z");
    assertThat(wheel.yanked()).isFalse();

    assertThat(files.get(1).yanked()).isTrue();
    assertThat(files.get(1).yankedReason()).contains("security hole");
    assertThat(files.get(1).coreMetadataAvailable()).isTrue();
    assertThat(files.get(2).yanked()).isTrue();
    assertThat(files.get(2).requiresPython()).isEmpty();
    assertThat(files.get(2).coreMetadataAvailable()).isFalse();
    assertThat(files.get(2).url()).isEqualTo(URI.create("https://example.org/simple/demo/demo-3.0.tar.gz"));
  }

  @Test
  void rejectsJsonOfAnotherMajorVersionOrShape() {
    byte[] v2 = "{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SimplePages.parseJson(v2, PAGE, SOURCE))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("version 2.0");
    byte[] broken = "{\"meta\": ".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SimplePages.parseJson(broken, PAGE, SOURCE))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining(PAGE.toString());
  }

  @Test
  void negotiatesTheFormatFromTheContentType() {
    byte[] html = "<html></html>".getBytes(StandardCharsets.UTF_8);
    byte[] json = " {\"files\": []}".getBytes(StandardCharsets.UTF_8);
    assertThat(SimplePages.isJson("application/vnd.pypi.simple.v1+json", html)).isTrue();
    assertThat(SimplePages.isJson("application/vnd.pypi.simple.latest+json; charset=utf-8", html))
        .isTrue();
    assertThat(SimplePages.isJson("text/html; charset=utf-8", json)).isFalse();
    assertThat(SimplePages.isJson("", json)).isTrue();
    assertThat(SimplePages.isJson("", html)).isFalse();
  }

  @Test
  void unescapesEntitiesLikeHtml() {
    assertThat(HtmlEntities.unescape("&gt;=3.8&comma; &lt;4 &amp;&amp; &#x1F600; &gt &bogus; & x"))
        .isEqualTo(">=3.8, <4 && \uD83D\uDE00 > &bogus; & x");
  }
}
