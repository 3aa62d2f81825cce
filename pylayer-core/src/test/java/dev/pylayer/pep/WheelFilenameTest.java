package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WheelFilenameTest {

  @Test
  void parsesNameVersionAndExpandedTags() {
    WheelFilename w =
        WheelFilename.parse(
            "pydantic_core-2.27.2-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl");
    assertThat(w.name()).isEqualTo(PackageName.of("pydantic-core"));
    assertThat(w.version()).isEqualTo(Version.parse("2.27.2"));
    assertThat(w.buildTag()).isEmpty();
    assertThat(w.tags().stream().map(Tag::toString).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "cp311-cp311-manylinux_2_17_aarch64", "cp311-cp311-manylinux2014_aarch64");
    assertThat(w.toString()).isEqualTo(w.filename());
  }

  @Test
  void parsesBuildTagsAndOrdersThemNumerically() {
    WheelFilename w = WheelFilename.parse("Foo.Bar-1.0-10b-py2.py3-none-any.whl");
    assertThat(w.name().value()).isEqualTo("foo-bar");
    assertThat(w.buildTag()).isPresent();
    BuildTag b = w.buildTag().get();
    assertThat(b.number()).isEqualTo(BigInteger.TEN);
    assertThat(b.suffix()).isEqualTo("b");
    assertThat(BuildTag.parse("9")).isLessThan(BuildTag.parse("10"));
    assertThat(BuildTag.parse("10")).isLessThan(BuildTag.parse("10a"));
    assertThat(BuildTag.parse("010")).isEqualTo(BuildTag.parse("10"));
    assertThat(w.tags()).hasSize(2);
  }

  @Test
  void rejectsWhatIsNotAWheelName() {
    assertThatThrownBy(() -> WheelFilename.parse("foo-1.0.tar.gz"))
        .isInstanceOf(InvalidWheelFilenameException.class)
        .hasMessage("'foo-1.0.tar.gz' is not a valid wheel filename: a wheel filename must end with '.whl'");
    assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-py3-none.whl"))
        .hasMessageContaining("expected 5 or 6 parts")
        .hasMessageContaining("found 4");
    assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-1-2-py3-none-any.whl"))
        .hasMessageContaining("found 7");
    assertThatThrownBy(() -> WheelFilename.parse("foo-notaversion-py3-none-any.whl"))
        .hasMessageContaining("invalid version 'notaversion'");
    assertThatThrownBy(() -> WheelFilename.parse("foo__bar-1.0-py3-none-any.whl"))
        .hasMessageContaining("invalid project name 'foo__bar'");
    assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-x1-py3-none-any.whl"))
        .hasMessageContaining("build tag 'x1' must start with a digit");
    assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-2.7-none-any.whl"))
        .hasMessageContaining("'2' is not an interpreter name");
    assertThatThrownBy(() -> WheelFilename.parse("foo-1.0-py3-none-any..whl"))
        .hasMessageContaining("empty component");
    assertThatThrownBy(() -> WheelFilename.parse("-1.0-py3-none-any.whl"))
        .isInstanceOf(InvalidWheelFilenameException.class)
        .satisfies(e -> assertThat(((InvalidWheelFilenameException) e).filename()).isEqualTo("-1.0-py3-none-any.whl"));
  }

  @Test
  void parseIfWheelSkipsWhatIsNotAValidWheel() {
    assertThat(WheelFilename.parseIfWheel("idna-3.7-py3-none-any.whl"))
        .hasValueSatisfying(w -> assertThat(w.version().toString()).isEqualTo("3.7"));
    assertThat(WheelFilename.parseIfWheel("idna-3.7.tar.gz")).isEmpty();
    assertThat(WheelFilename.parseIfWheel("not-a-wheel.whl")).isEmpty();
  }
}
