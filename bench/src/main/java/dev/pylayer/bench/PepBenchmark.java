package dev.pylayer.bench;

import dev.pylayer.pep.Arch;
import dev.pylayer.pep.Marker;
import dev.pylayer.pep.MarkerEnvironment;
import dev.pylayer.pep.SpecifierSet;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the PEP 440/508 code a resolver runs most: parsing and comparing versions (as
 * read from index pages), and evaluating Requires-Dist markers (parsed once per dependency,
 * evaluated per target and extra). Every score is operations per second of ONE item (one version
 * parsed, one comparison, one marker evaluated). See bench/README-pep.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PepBenchmark {

  /**
   * Versions as they appear on PyPI for LiteLLM's dependency closure: mostly plain releases, some
   * pre/post/dev releases, calendar versions, locals and odd spellings.
   */
  static final String[] VERSION_MIX = {
    "1.26.4", "2.0.2", "1.45.0", "0.27.0", "2.10.3", "2.27.2", "4.12.2", "3.10", "1.9.0",
    "0.8.0", "24.2", "2024.12.14", "2025.1.31", "3.1.5", "0.21.0", "8.1.8", "1.0.1",
    "0.28.1", "1.0.7", "6.1.0", "3.21.0", "1.18.3", "25.1.0", "0.3.1", "1.5.0", "2.32.3",
    "2.0.0rc1", "1.0.0b3", "0.4.1.post1", "3.13.0a4", "1.27.0.dev0", "2.1.0.post0",
    "1.0.0+cu118", "2.5.1+cpu", "v1.2.3", "1.0-1", "2!1.0", "1.0.0.0.0", "0.0.1", "10.0.0",
  };

  static final int VERSIONS = 40; // VERSION_MIX.length, as a constant for the annotations

  /** Markers as found in Requires-Dist of the closure's packages. */
  static final String[] MARKERS = {
    "python_version >= \"3.8\"",
    "python_version < \"3.11\"",
    "sys_platform == \"win32\"",
    "extra == \"proxy\"",
    "platform_python_implementation == \"CPython\" and python_version >= \"3.9\"",
    "extra == \"extra_proxy\" and (python_version >= \"3.9\" and python_version < \"4.0\")",
    "python_full_version >= \"3.11.0\" and platform_machine != \"aarch64\"",
    "(platform_machine == \"x86_64\" or platform_machine == \"aarch64\") and sys_platform == \"linux\"",
  };

  static final int MARKER_COUNT = 8; // MARKERS.length, as a constant for the annotations

  private Version[] versions;
  private Version[] shuffled;
  private Marker[] markers;
  private MarkerEnvironment env;
  private SpecifierSet specifierSet;

  @Setup
  public void setUp() {
    if (VERSION_MIX.length != VERSIONS || MARKERS.length != MARKER_COUNT) {
      throw new IllegalStateException("update VERSIONS / MARKER_COUNT");
    }
    versions = new Version[VERSIONS];
    for (int i = 0; i < VERSIONS; i++) {
      versions[i] = Version.parse(VERSION_MIX[i]);
    }
    List<Version> copy = new ArrayList<>(List.of(versions));
    Collections.shuffle(copy, new Random(42));
    shuffled = copy.toArray(new Version[0]);
    markers = new Marker[MARKER_COUNT];
    for (int i = 0; i < MARKER_COUNT; i++) {
      markers[i] = Marker.parse(MARKERS[i]);
    }
    env = TargetEnvironment.lambda("3.11", Arch.ARM64, "java21").markerEnvironment();
    specifierSet = SpecifierSet.parse(">=1.0,!=1.5.0,<3");
  }

  /** Parse one version string (the mix above, in turn). */
  @Benchmark
  @OperationsPerInvocation(VERSIONS)
  public void versionParse(Blackhole bh) {
    for (String s : VERSION_MIX) {
      bh.consume(Version.parse(s));
    }
  }

  /** Compare two parsed versions. */
  @Benchmark
  @OperationsPerInvocation(VERSIONS)
  public void versionCompare(Blackhole bh) {
    for (int i = 0; i < VERSIONS; i++) {
      bh.consume(versions[i].compareTo(shuffled[i]));
    }
  }

  /** Parse two version strings and compare them (what sorting raw index entries costs). */
  @Benchmark
  @OperationsPerInvocation(VERSIONS)
  public void versionParseAndCompare(Blackhole bh) {
    for (int i = 0; i < VERSIONS; i++) {
      Version a = Version.parse(VERSION_MIX[i]);
      Version b = Version.parse(VERSION_MIX[VERSIONS - 1 - i]);
      bh.consume(a.compareTo(b));
    }
  }

  /** Check one parsed version against a parsed specifier set. */
  @Benchmark
  @OperationsPerInvocation(VERSIONS)
  public void specifierContains(Blackhole bh) {
    for (Version v : versions) {
      bh.consume(specifierSet.contains(v, null));
    }
  }

  /** Evaluate one parsed marker against the target environment. */
  @Benchmark
  @OperationsPerInvocation(MARKER_COUNT)
  public void markerEvaluate(Blackhole bh) {
    for (Marker m : markers) {
      bh.consume(m.evaluate(env));
    }
  }

  /** Parse one marker string and evaluate it. */
  @Benchmark
  @OperationsPerInvocation(MARKER_COUNT)
  public void markerParseAndEvaluate(Blackhole bh) {
    for (String s : MARKERS) {
      bh.consume(Marker.parse(s).evaluate(env));
    }
  }
}
