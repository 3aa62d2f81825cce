package dev.pylayer.install;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each part of a wheel goes. A wheel's root and its {@code .data/purelib} and {@code
 * .data/platlib} trees always go to {@link #sitePackages()}: a layer has one {@code site-packages},
 * so the purelib/platlib split does not matter.
 *
 * <p>The other {@code .data} categories have no natural home in a Lambda layer, so by default they
 * are dropped (and listed in {@link InstalledDistribution#droppedFiles()}):
 *
 * <ul>
 *   <li>{@code scripts}: command-line launchers; a function calls Python, not console scripts. When
 *       a directory is set, files go there, are made executable, and a first line of exactly {@code
 *       #!python} or {@code #!pythonw} is rewritten to {@code #!<interpreter>}.
 *   <li>{@code headers}: C headers for building extensions; useless at run time. When a directory
 *       is set, files go to {@code <headers>/<distribution name>/}, as pip's scheme does.
 *   <li>{@code data}: files meant for {@code sys.prefix} ({@code share/...}, {@code etc/...}). When
 *       a prefix is set, {@code .data/data/x} goes to {@code <prefix>/x}.
 * </ul>
 *
 * Console-script launchers from {@code entry_points.txt} are never generated.
 */
public final class InstallScheme {

  /** The parts of a wheel, named as the wheel spec names the {@code .data} subdirectories. */
  public enum Category {
    PURELIB,
    PLATLIB,
    SCRIPTS,
    HEADERS,
    DATA;

    /** The {@code .data} subdirectory name: {@code purelib}, {@code scripts}, ... */
    public String directoryName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Path sitePackages;
  private final Path scripts;
  private final String scriptInterpreter;
  private final Path headers;
  private final Path data;

  private InstallScheme(Builder builder) {
    this.sitePackages = builder.sitePackages;
    this.scripts = builder.scripts;
    this.scriptInterpreter = builder.scriptInterpreter;
    this.headers = builder.headers;
    this.data = builder.data;
  }

  /** Installs libraries into {@code sitePackages}; drops scripts, headers and data files. */
  public static InstallScheme sitePackagesOnly(Path sitePackages) {
    return builder(sitePackages).build();
  }

  /** A scheme installing libraries into {@code sitePackages}; other parts dropped unless set. */
  public static Builder builder(Path sitePackages) {
    return new Builder(sitePackages);
  }

  /** Where purelib, platlib and the wheel root go. */
  public Path sitePackages() {
    return sitePackages;
  }

  /** Where scripts go; empty when they are dropped. */
  public Optional<Path> scripts() {
    return Optional.ofNullable(scripts);
  }

  /** What {@code #!python} in scripts becomes; present exactly when {@link #scripts()} is. */
  public Optional<String> scriptInterpreter() {
    return Optional.ofNullable(scriptInterpreter);
  }

  /** The root under which headers go ({@code <root>/<distribution>/}); empty when dropped. */
  public Optional<Path> headers() {
    return Optional.ofNullable(headers);
  }

  /** The prefix under which data files go; empty when they are dropped. */
  public Optional<Path> data() {
    return Optional.ofNullable(data);
  }

  /** The directory a category installs into, or empty when this scheme drops it. */
  public Optional<Path> directory(Category category) {
    switch (category) {
      case PURELIB:
      case PLATLIB:
        return Optional.of(sitePackages);
      case SCRIPTS:
        return scripts();
      case HEADERS:
        return headers();
      case DATA:
        return data();
      default:
        throw new AssertionError(category);
    }
  }

  /** Builds an {@link InstallScheme}. */
  public static final class Builder {
    private final Path sitePackages;
    private Path scripts;
    private String scriptInterpreter;
    private Path headers;
    private Path data;

    private Builder(Path sitePackages) {
      this.sitePackages = absolute(sitePackages, "sitePackages");
    }

    /**
     * Installs scripts into {@code directory}, rewriting {@code #!python} to {@code #!interpreter}
     * (for a layer: {@code /opt/python/bin/python3.11}).
     */
    public Builder scripts(Path directory, String interpreter) {
      this.scripts = absolute(directory, "scripts directory");
      Objects.requireNonNull(interpreter, "interpreter");
      if (interpreter.isBlank() || interpreter.contains("\n")) {
        throw new IllegalArgumentException("script interpreter must be one non-blank line");
      }
      this.scriptInterpreter = interpreter;
      return this;
    }

    /** Installs headers under {@code directory/<distribution>/}. */
    public Builder headers(Path directory) {
      this.headers = absolute(directory, "headers directory");
      return this;
    }

    /** Installs {@code .data/data/} files under {@code prefix}. */
    public Builder data(Path prefix) {
      this.data = absolute(prefix, "data prefix");
      return this;
    }

    public InstallScheme build() {
      return new InstallScheme(this);
    }

    private static Path absolute(Path path, String what) {
      return Objects.requireNonNull(path, what).toAbsolutePath().normalize();
    }
  }
}
