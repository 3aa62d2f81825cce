package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackageNameTest {

  @Test
  void normalizesSeparatorRunsAndCase() {
    assertThat(PackageName.of("Typing_Extensions").value()).isEqualTo("typing-extensions");
    assertThat(PackageName.of("zope.interface").value()).isEqualTo("zope-interface");
    assertThat(PackageName.of("a-_.B").value()).isEqualTo("a-b");
    assertThat(PackageName.of("pydantic_core").wheelForm()).isEqualTo("pydantic_core");
  }

  @Test
  void namesThatNormalizeAlikeAreEqual() {
    assertThat(PackageName.of("Pydantic-Core")).isEqualTo(PackageName.of("pydantic_core"));
    assertThat(PackageName.of("Pydantic-Core").hashCode())
        .isEqualTo(PackageName.of("pydantic.core").hashCode());
  }

  @Test
  void rejectsInvalidNamesNamingThem() {
    assertThatThrownBy(() -> PackageName.of("-bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'-bad'");
    assertThatThrownBy(() -> PackageName.of("sp ace")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackageName.of("")).isInstanceOf(IllegalArgumentException.class);
  }
}
