package dev.pylayer.lock;

import dev.pylayer.pep.PackageName;
import java.util.Objects;

/**
 * A package as the resolver sees it: the root (the user's requirements), a project, or a
 * project with one extra ({@code a[x]}), a virtual package whose version is the project's and
 * whose dependencies are {@code a} at that same version plus what the extra adds.
 */
final class Pkg {

  static final Pkg ROOT = new Pkg(null, null);

  private final PackageName name;
  private final String extra;

  private Pkg(PackageName name, String extra) {
    this.name = name;
    this.extra = extra;
  }

  static Pkg of(PackageName name) {
    return new Pkg(Objects.requireNonNull(name), null);
  }

  static Pkg withExtra(PackageName name, String extra) {
    return new Pkg(Objects.requireNonNull(name), Objects.requireNonNull(extra));
  }

  boolean isRoot() {
    return name == null;
  }

  /** The project (null for the root). */
  PackageName name() {
    return name;
  }

  /** The extra, or null. */
  String extra() {
    return extra;
  }

  boolean isExtra() {
    return extra != null;
  }

  /** The package without its extra. */
  Pkg base() {
    return extra == null ? this : of(name);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Pkg)) {
      return false;
    }
    Pkg p = (Pkg) o;
    return Objects.equals(name, p.name) && Objects.equals(extra, p.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, extra);
  }

  /** {@code a}, {@code a[x]}, or {@code the requirements} for the root. */
  @Override
  public String toString() {
    if (name == null) {
      return "the requirements";
    }
    return extra == null ? name.value() : name.value() + "[" + extra + "]";
  }
}
