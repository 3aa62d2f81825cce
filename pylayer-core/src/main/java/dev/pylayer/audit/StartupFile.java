package dev.pylayer.audit;

import java.util.List;
import java.util.Optional;

/**
 * A file of the layer that Python runs at every interpreter start, before any handler code.
 *
 * @param path the file's path relative to the layer root ({@code python/lib/...})
 * @param kind what makes it run
 * @param distribution the installed distribution that owns it (by its RECORD), if any
 * @param executableLines for {@code .pth} files, the lines {@code site} executes
 */
public record StartupFile(String path, Kind kind, Optional<String> distribution,
    List<String> executableLines) {

  public StartupFile {
    executableLines = List.copyOf(executableLines);
  }

  /** Why the file runs at start-up. */
  public enum Kind {
    /** A {@code .pth} file in site-packages with lines starting with {@code import}. */
    PTH_CODE("a .pth file with code"),
    /** A setuptools {@code *-nspkg.pth} file (namespace packages by code at start-up). */
    NSPKG_PTH("a namespace-package .pth file with code"),
    /** {@code sitecustomize}, imported by {@code site} at start-up. */
    SITECUSTOMIZE("sitecustomize, imported at start-up"),
    /** {@code usercustomize}, imported by {@code site} at start-up. */
    USERCUSTOMIZE("usercustomize, imported at start-up");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    /** The name used in report.json. */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
