package dev.pylayer.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrisTest {

  @Test
  void redactsUserInfoOnly() {
    assertThat(Uris.redact(URI.create("https://u:p%40ss@host:8443/simple/?q=1#frag")))
        .isEqualTo("https://***@host:8443/simple/?q=1#frag");
    assertThat(Uris.redact(URI.create("https://token@host/simple/")))
        .isEqualTo("https://***@host/simple/");
    assertThat(Uris.redact(URI.create("https://host/simple/"))).isEqualTo("https://host/simple/");
  }

  @Test
  void stripsUserInfoAndFragment() {
    URI uri = URI.create("https://u:p@host:8443/files/a%20b.whl#sha256=ab");
    assertThat(Uris.withoutUserInfo(uri))
        .isEqualTo(URI.create("https://host:8443/files/a%20b.whl#sha256=ab"));
    assertThat(Uris.withoutFragment(uri))
        .isEqualTo(URI.create("https://u:p@host:8443/files/a%20b.whl"));
  }

  @Test
  void lastSegmentIsDecoded() {
    assertThat(Uris.lastSegment(URI.create("https://h/f/torch-2.1.0%2Bcpu-cp311-none-any.whl")))
        .isEqualTo("torch-2.1.0+cpu-cp311-none-any.whl");
    assertThat(Uris.lastSegment(URI.create("https://h/f/a+b.whl"))).isEqualTo("a+b.whl");
    assertThat(Uris.lastSegment(URI.create("https://h/simple/"))).isEmpty();
  }

  @Test
  void parsesHrefsWithCharactersUrisDoNotAllow() {
    URI uri = Uris.parseLenient("../files/my pkg-1.0.tar.gz#sha256=ab");
    assertThat(uri.getRawPath()).isEqualTo("../files/my%20pkg-1.0.tar.gz");
    assertThat(uri.getFragment()).isEqualTo("sha256=ab");
    assertThat(Uris.parseLenient("a%20b|c").getRawPath()).isEqualTo("a%20b%7Cc");
  }

  @Test
  void originHasHostAndDefaultPort() {
    assertThat(Uris.origin(URI.create("https://u@Pypi.ORG/simple"))).isEqualTo("pypi.org:443");
    assertThat(Uris.origin(URI.create("http://h:8080/"))).isEqualTo("h:8080");
    assertThat(Uris.origin(URI.create("file:///opt/x"))).isNull();
  }
}
