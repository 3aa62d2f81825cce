package dev.pylayer.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Errors name the input, the problem and, where possible, the fix or the position. */
class ErrorMessagesTest {

  @Test
  void invalidVersionNamesTheInput() {
    InvalidVersionException e =
        catchThrowableOfType(InvalidVersionException.class, () -> Version.parse("1.0-final"));
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.input()).isEqualTo("1.0-final");
    assertThat(e.getMessage()).startsWith("'1.0-final' is not a valid PEP 440 version");
  }

  @Test
  void invalidSpecifierSuggestsTheFix() {
    assertThatThrownBy(() -> SpecifierSet.parse("=1.0"))
        .isInstanceOf(InvalidSpecifierException.class)
        .hasMessageContaining("'=1.0' is not a valid version specifier")
        .hasMessageContaining("did you mean '==1.0'?");
    assertThatThrownBy(() -> SpecifierSet.parse(">=1.0, <=2.*"))
        .hasMessageContaining("in '>=1.0, <=2.*'")
        .hasMessageContaining("'<=2.*'")
        .hasMessageContaining("only allowed with == and !=");
    assertThatThrownBy(() -> Specifier.parse("1.0")).hasMessageContaining("did you mean '==1.0'?");
  }

  @Test
  void invalidRequirementShowsPositionAndHint() {
    InvalidRequirementException e =
        catchThrowableOfType(InvalidRequirementException.class, () -> Requirement.parse("foo=1.0"));
    assertThat(e.input()).isEqualTo("foo=1.0");
    assertThat(e.position()).isEqualTo(3);
    assertThat(e.getMessage())
        .startsWith("'foo=1.0' is not a valid requirement (did you mean 'foo==1.0'?)")
        .contains("Expected semicolon (after name with no version specifier) or end at position 3")
        .endsWith("\n    foo=1.0\n       ^");
  }

  @Test
  void invalidRequirementUnderlinesTheSpan() {
    InvalidRequirementException e =
        catchThrowableOfType(
            InvalidRequirementException.class, () -> Requirement.parse("name >= 1.0 foo"));
    assertThat(e.position()).isEqualTo(5);
    assertThat(e.getMessage())
        .contains(
            "Expected comma (within version specifier), semicolon (after version specifier) or end")
        .endsWith("\n    name >= 1.0 foo\n         ~~~~~~~^");
  }

  @Test
  void requirementWithAnInvalidNameOrSpecifierSaysWhich() {
    assertThatThrownBy(() -> Requirement.parse("foo_ >= 1"))
        .isInstanceOf(InvalidRequirementException.class)
        .hasMessageContaining("'foo_' is not a valid Python project name");
    assertThatThrownBy(() -> Requirement.parse("demo===x,y"))
        .isInstanceOf(InvalidRequirementException.class)
        .hasMessageContaining("'y' is not a valid version specifier");
    assertThatThrownBy(() -> Requirement.parse("black (>=20.*) ; extra == 'format'"))
        .hasMessageContaining(".* suffix can only be used with `==` or `!=` operators");
  }

  @Test
  void invalidMarkerShowsPosition() {
    InvalidMarkerException e =
        catchThrowableOfType(
            InvalidMarkerException.class, () -> Marker.parse("python_version >= \"3\" with text"));
    assertThat(e.position()).isEqualTo(22);
    assertThat(e.getMessage())
        .startsWith("'python_version >= \"3\" with text' is not a valid environment marker")
        .contains("Expected end of marker expression at position 22");
    assertThatThrownBy(() -> Marker.parse("os_name == \"\\x\""))
        .hasMessageContaining("Invalid quoted string");
  }

  @Test
  void undefinedMarkerNamesSayHowToDefineThem() {
    MarkerEnvironment env = MarkerEnvironment.builder().pythonVersion("3.11").build();
    assertThatThrownBy(() -> Marker.parse("os_name == \"posix\"").evaluate(env))
        .isInstanceOf(UndefinedEnvironmentNameException.class)
        .hasMessageContaining("'os_name'")
        .satisfies(t -> assertThat(((UndefinedEnvironmentNameException) t).name()).isEqualTo("os_name"));
    assertThatThrownBy(() -> Marker.parse("\"x\" in extras").evaluate(env))
        .hasMessageContaining("MarkerContext.LOCK_FILE");
    assertThatThrownBy(() -> Marker.parse("python_version ~= \"dog\"").evaluate(env))
        .isInstanceOf(UndefinedComparisonException.class)
        .hasMessageContaining("'~='")
        .hasMessageContaining("'dog'");
    assertThatThrownBy(() -> MarkerEnvironment.builder().put("python", "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'python' is not a PEP 508 marker name");
  }

  @Test
  void invalidTagAndArchNameTheInput() {
    assertThatThrownBy(() -> Tag.parseAll("py3-none"))
        .isInstanceOf(InvalidTagException.class)
        .hasMessageContaining("'py3-none'")
        .hasMessageContaining("exactly three parts");
    assertThatThrownBy(() -> Arch.parse("ppc64le"))
        .hasMessage("unknown architecture 'ppc64le': use arm64 (or aarch64) or x86_64 (or amd64)");
  }

  @Test
  void unknownLambdaRuntimeListsTheKnownOnes() {
    assertThatThrownBy(() -> TargetEnvironment.lambda("3.11", Arch.ARM64, "java99"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown Lambda runtime 'java99'")
        .hasMessageContaining("java21")
        .hasMessageContaining("python3.11")
        .hasMessageContaining("glibc 2.26")
        .hasMessageContaining("glibc 2.34")
        .hasMessageContaining("TargetEnvironment.of");
    assertThatThrownBy(() -> TargetEnvironment.of("3.7", Arch.X86_64, 2, 26))
        .hasMessageContaining("Python 3.7 is not supported");
    assertThatThrownBy(() -> TargetEnvironment.of("three", Arch.X86_64, 2, 26))
        .hasMessageContaining("'three' is not a Python version");
  }

  @Test
  void combiningOppositePrereleaseOverridesFails() {
    SpecifierSet on = SpecifierSet.parse(">=1").withPrereleases(true);
    SpecifierSet off = SpecifierSet.parse("<2").withPrereleases(false);
    assertThatThrownBy(() -> on.and(off))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'>=1'")
        .hasMessageContaining("'<2'");
    assertThat(on.and(SpecifierSet.parse("<2")).prereleases()).isTrue();
    assertThat(Set.of(on.and(off.withPrereleases(null)).toString())).containsExactly("<2,>=1");
  }
}
