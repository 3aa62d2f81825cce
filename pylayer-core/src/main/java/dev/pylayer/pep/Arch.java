package dev.pylayer.pep;

import java.util.Locale;
import java.util.Objects;

/** The CPU architectures AWS Lambda runs, with each ecosystem's name for them. */
public enum Arch {
  /** 64-bit x86 (Intel/AMD). */
  X86_64("x86_64", "x86_64", "x86_64"),
  /** 64-bit ARM (AWS Graviton). */
  ARM64("aarch64", "aarch64", "arm64");

  private final String pbsName;
  private final String wheelMachine;
  private final String lambdaName;

  Arch(String pbsName, String wheelMachine, String lambdaName) {
    this.pbsName = pbsName;
    this.wheelMachine = wheelMachine;
    this.lambdaName = lambdaName;
  }

  /**
   * Accepts {@code arm64}, {@code aarch64}, {@code x86_64} or {@code amd64}, in any case.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static Arch parse(String name) {
    Objects.requireNonNull(name, "name");
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "arm64":
      case "aarch64":
        return ARM64;
      case "x86_64":
      case "amd64":
        return X86_64;
      default:
        throw new IllegalArgumentException(
            "unknown architecture '"
                + name
                + "': use arm64 (or aarch64) or x86_64 (or amd64)");
    }
  }

  /** The name in python-build-standalone archive names: {@code x86_64} or {@code aarch64}. */
  public String pbsName() {
    return pbsName;
  }

  /**
   * The machine in wheel platform tags ({@code manylinux_2_17_aarch64}), which is also the value
   * of the {@code platform_machine} marker on Lambda.
   */
  public String wheelMachine() {
    return wheelMachine;
  }

  /** The name AWS Lambda uses for the architecture: {@code x86_64} or {@code arm64}. */
  public String lambdaName() {
    return lambdaName;
  }
}
