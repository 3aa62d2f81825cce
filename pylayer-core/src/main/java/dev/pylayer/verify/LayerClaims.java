package dev.pylayer.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a layer's report says about its zip, as {@link LayerVerifier} checks it. Independent of
 * report.json's format so that verify does not depend on the pipeline that writes it.
 *
 * @param arch the Lambda architecture ({@code arm64}, {@code x86_64})
 * @param layout {@code zip} or {@code dir}
 * @param pythonVersion the interpreter's full version, e.g. {@code 3.11.9}
 * @param sha256 of the zip
 * @param zipBytes the zip's size
 * @param unzippedBytes the bytes its entries unpack to
 * @param packages every installed distribution (any spelling of its name) and where it lives:
 *     {@link #IN_ZIP} or {@link #IN_DIRECTORY}
 * @param dropped distributions the build removed; none of their files may be left
 * @param standIns distributions the build replaced by pylayer's stand-in → the top-level
 *     packages the stand-in takes (in site-packages/, holding nothing but the stand-in)
 */
public record LayerClaims(String arch, String layout, String pythonVersion, String sha256,
    long zipBytes, long unzippedBytes, Map<String, String> packages, List<String> dropped,
    Map<String, List<String>> standIns) {

  public static final String IN_ZIP = "site-packages.zip";
  public static final String IN_DIRECTORY = "site-packages";

  public LayerClaims {
    packages = Map.copyOf(packages);
    dropped = List.copyOf(dropped);
    standIns = Map.copyOf(standIns);
  }

  /** The Python minor version, e.g. {@code 3.11}, from {@link #pythonVersion()}. */
  public Optional<String> pythonMinor() {
    String[] parts = pythonVersion == null ? new String[0] : pythonVersion.split("\\.");
    return parts.length >= 2 ? Optional.of(parts[0] + "." + parts[1]) : Optional.empty();
  }
}
