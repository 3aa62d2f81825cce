package dev.pylayer.pep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine a layer's Python runs on: a CPython version on Linux ({@link Arch}) with a glibc
 * ceiling, and optionally musl. It answers the two questions a resolver asks about a target:
 * which markers hold ({@link #markerEnvironment()}) and which wheels run, best first ({@link
 * #supportedTags()}, ordered exactly as packaging's {@code sys_tags()} would on that machine,
 * minus the {@code linux_*} platform tags that Lambda cannot use).
 */
public final class TargetEnvironment {

  private static final Pattern PYTHON_VERSION =
      Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})(?:\\.([0-9]{1,4}))?");

  private final int pythonMajor;
  private final int pythonMinor;
  private final String pythonFullVersion;
  private final Arch arch;
  private final GlibcVersion glibc;
  private final MuslVersion musl; // null: no musllinux wheels
  private volatile List<Tag> tags;
  private volatile Map<Tag, Integer> ranks;

  private TargetEnvironment(
      int pythonMajor,
      int pythonMinor,
      String pythonFullVersion,
      Arch arch,
      GlibcVersion glibc,
      MuslVersion musl) {
    this.pythonMajor = pythonMajor;
    this.pythonMinor = pythonMinor;
    this.pythonFullVersion = pythonFullVersion;
    this.arch = Objects.requireNonNull(arch, "arch");
    this.glibc = Objects.requireNonNull(glibc, "glibc");
    this.musl = musl;
  }

  /**
   * A target with an explicit glibc version.
   *
   * @param pythonVersion {@code 3.11}, or a full version such as {@code 3.11.14} (used for the
   *     {@code python_full_version} marker; {@code 3.11} means {@code 3.11.0})
   * @throws IllegalArgumentException for a malformed or unsupported Python version
   */
  public static TargetEnvironment of(
      String pythonVersion, Arch arch, int glibcMajor, int glibcMinor) {
    return of(pythonVersion, arch, new GlibcVersion(glibcMajor, glibcMinor));
  }

  /** A target with an explicit glibc version (see {@link #of(String, Arch, int, int)}). */
  public static TargetEnvironment of(String pythonVersion, Arch arch, GlibcVersion glibc) {
    Objects.requireNonNull(pythonVersion, "pythonVersion");
    Matcher m = PYTHON_VERSION.matcher(pythonVersion.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + pythonVersion + "' is not a Python version: expected MAJOR.MINOR, e.g. 3.11 or 3.11.14");
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major != 3 || minor < 8) {
      throw new IllegalArgumentException(
          "Python " + major + "." + minor + " is not supported: use Python 3.8 or newer");
    }
    String full = m.group(3) == null ? major + "." + minor + ".0" : major + "." + minor + "." + Integer.parseInt(m.group(3));
    return new TargetEnvironment(major, minor, full, arch, glibc, null);
  }

  /**
   * A target for a layer used by an AWS Lambda function of the given runtime, whose Amazon Linux
   * decides the glibc: 2.26 for Amazon Linux 2 runtimes (java8.al2, java11, java17,
   * python3.8-3.11, provided.al2, nodejs16.x, nodejs18.x, ruby3.2, dotnet6), 2.34 for Amazon
   * Linux 2023 runtimes (java21, java25, python3.12+, provided.al2023, nodejs20.x+, ruby3.3+,
   * dotnet8).
   *
   * @param pythonVersion the layer's Python, e.g. {@code 3.11}
   * @param lambdaRuntime the consuming function's runtime identifier, e.g. {@code java21}
   * @throws IllegalArgumentException for an unknown runtime, listing the known ones
   */
  public static TargetEnvironment lambda(String pythonVersion, Arch arch, String lambdaRuntime) {
    Objects.requireNonNull(lambdaRuntime, "lambdaRuntime");
    return of(pythonVersion, arch, LambdaRuntimes.glibcOf(lambdaRuntime));
  }

  /** The Lambda runtime identifiers {@link #lambda} knows, with their glibc versions. */
  public static Map<String, GlibcVersion> knownLambdaRuntimes() {
    return LambdaRuntimes.all();
  }

  /** A copy that also accepts {@code musllinux_X_Y} wheels up to the given musl version. */
  public TargetEnvironment withMusllinux(int major, int minor) {
    return new TargetEnvironment(
        pythonMajor, pythonMinor, pythonFullVersion, arch, glibc, new MuslVersion(major, minor));
  }

  /** A copy that accepts no musllinux wheels (the default). */
  public TargetEnvironment withoutMusllinux() {
    return musl == null
        ? this
        : new TargetEnvironment(pythonMajor, pythonMinor, pythonFullVersion, arch, glibc, null);
  }

  /** The Python major version (3). */
  public int pythonMajor() {
    return pythonMajor;
  }

  /** The Python minor version, e.g. 11. */
  public int pythonMinor() {
    return pythonMinor;
  }

  /** {@code MAJOR.MINOR}, e.g. {@code 3.11}. */
  public String pythonVersion() {
    return pythonMajor + "." + pythonMinor;
  }

  /** {@code MAJOR.MINOR.MICRO}, e.g. {@code 3.11.0} when only the minor version was given. */
  public String pythonFullVersion() {
    return pythonFullVersion;
  }

  /** The CPU architecture. */
  public Arch arch() {
    return arch;
  }

  /** The newest glibc the target offers. */
  public GlibcVersion glibc() {
    return glibc;
  }

  /** The musl version whose musllinux wheels are accepted, if any. */
  public Optional<MuslVersion> musllinux() {
    return Optional.ofNullable(musl);
  }

  /** The interpreter and ABI tag of this CPython, e.g. {@code cp311}. */
  public String interpreterTag() {
    return "cp" + pythonMajor + pythonMinor;
  }

  /**
   * The marker values of CPython on Linux on this target: {@code os_name} posix, {@code
   * sys_platform} linux, {@code platform_system} Linux, {@code platform_machine} {@code x86_64}
   * or {@code aarch64}, CPython implementation names, the Python versions, and empty {@code
   * platform_release}/{@code platform_version} (the kernel is unknown at build time).
   */
  public MarkerEnvironment markerEnvironment() {
    return MarkerEnvironment.builder()
        .implementationName("cpython")
        .implementationVersion(pythonFullVersion)
        .osName("posix")
        .platformMachine(arch.wheelMachine())
        .platformRelease("")
        .platformSystem("Linux")
        .platformVersion("")
        .pythonFullVersion(pythonFullVersion)
        .platformPythonImplementation("CPython")
        .pythonVersion(pythonVersion())
        .sysPlatform("linux")
        .build();
  }

  /**
   * The platform tags this target accepts, best first: {@code manylinux_2_Y} from the glibc
   * ceiling down to 2.17 (2.5 on x86_64) with the legacy aliases, then {@code musllinux} if
   * enabled. No {@code linux_*}: such wheels are built for one distribution and do not run on
   * Lambda.
   */
  public List<String> platformTags() {
    return Collections.unmodifiableList(
        LinuxPlatforms.platforms(arch.wheelMachine(), glibc, musl, false));
  }

  /**
   * Every tag a wheel may carry to run here, best first, as packaging's {@code sys_tags()} orders
   * them for this CPython: {@code cpXY-cpXY-*}, {@code cpXY-abi3-*}, {@code cpXY-none-*}, older
   * {@code abi3} down to {@code cp32}, then {@code pyXY-none-*} ..., {@code cpXY-none-any} and
   * {@code pyXY-none-any} down to {@code py30-none-any}.
   */
  public List<Tag> supportedTags() {
    List<Tag> t = tags;
    if (t == null) {
      List<String> platforms = platformTags();
      String cp = interpreterTag();
      List<Tag> all = new ArrayList<>();
      all.addAll(CompatibleTags.cpythonTags(pythonMajor, pythonMinor, List.of(cp), platforms));
      all.addAll(CompatibleTags.compatibleTags(pythonMajor, pythonMinor, cp, platforms));
      t = Collections.unmodifiableList(all);
      tags = t;
    }
    return t;
  }

  /** The rank of a tag in {@link #supportedTags()} (0 is best), or empty if it does not run here. */
  public OptionalInt tagPriority(Tag tag) {
    Integer rank = ranks().get(tag);
    return rank == null ? OptionalInt.empty() : OptionalInt.of(rank);
  }

  /** Of a wheel's tags, the one this target prefers, or empty if the wheel does not run here. */
  public Optional<Tag> bestTag(Set<Tag> wheelTags) {
    Map<Tag, Integer> r = ranks();
    Tag best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Tag tag : wheelTags) {
      Integer rank = r.get(tag);
      if (rank != null && rank < bestRank) {
        best = tag;
        bestRank = rank;
      }
    }
    return Optional.ofNullable(best);
  }

  private Map<Tag, Integer> ranks() {
    Map<Tag, Integer> r = ranks;
    if (r == null) {
      List<Tag> all = supportedTags();
      Map<Tag, Integer> m = new HashMap<>(all.size() * 2);
      for (int i = 0; i < all.size(); i++) {
        m.putIfAbsent(all.get(i), i);
      }
      r = Collections.unmodifiableMap(m);
      ranks = r;
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TargetEnvironment)) {
      return false;
    }
    TargetEnvironment t = (TargetEnvironment) o;
    return pythonFullVersion.equals(t.pythonFullVersion)
        && arch == t.arch
        && glibc.equals(t.glibc)
        && Objects.equals(musl, t.musl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pythonFullVersion, arch, glibc, musl);
  }

  /** E.g. {@code CPython 3.11.0 on linux aarch64, glibc 2.34}. */
  @Override
  public String toString() {
    return "CPython "
        + pythonFullVersion
        + " on linux "
        + arch.wheelMachine()
        + ", glibc "
        + glibc
        + (musl == null ? "" : ", musl " + musl);
  }
}
