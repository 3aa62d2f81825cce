package dev.pylayer.lock;

import dev.pylayer.pep.MarkerEnvironment;
import java.io.IOException;
import java.util.Objects;

/**
 * Finds versions for a set of requirements on one target, or explains why there are none.
 *
 * <h2>Why PubGrub</h2>
 *
 * <p>pip's resolvelib backtracks through candidates and, when it gives up, can only name the
 * last clash ("Cannot install a and b because these package versions have conflicting
 * dependencies"). Users of pylayer write loose requirements ({@code litellm>=1.45}) against
 * indexes that change daily, so a failure has to say what to change. PubGrub (Natalie
 * Weizenbaum's algorithm, used by Dart's pub, pubgrub-rs, Poetry and uv) learns a new
 * incompatibility from every conflict and keeps the derivation, so a failure is a proof that can
 * be written as a chain a person can act on: "Because litellm==1.45.0 depends on openai>=1.40.0
 * and you require openai<1.0, litellm==1.45.0 cannot be used. And because you require
 * litellm==1.45.0, the requirements are unsatisfiable." The same learning makes it backjump past
 * irrelevant decisions instead of walking down every version of an unrelated package.
 *
 * <h2>Choices</h2>
 *
 * <ul>
 *   <li>Version sets are bit sets over the versions the index lists for a project ({@link
 *       KnownVersions}): every candidate is known before a choice is made, so sets only need to
 *       speak about those. This sidesteps interval algebra over PEP 440 (pre-release, post-release
 *       and local-version rules live in {@link dev.pylayer.pep.SpecifierSet#contains} alone) while
 *       sets made from a specifier keep its text for explanations.
 *   <li>Extras are virtual packages: {@code a[x]==v} depends on {@code a==v} plus the
 *       requirements the extra adds, so a conflict caused by an extra names it.
 *   <li>Constraints are incompatibilities {@code {root, q not in C}}: they never make a package
 *       needed, but forbid other versions of it when something needs it.
 *   <li>Versions a target cannot use (no compatible wheel, Requires-Python, yanked without an
 *       exact pin, pre-releases nobody asked for) are excluded up front with their reason, which
 *       appears in explanations ("no wheel of tokenizers 0.20.0 fits arm64/cp311/...").
 *   <li>Pre-releases: allowed with {@link ResolveRequest#prereleases()}, for a project a
 *       requirement or constraint you wrote names a pre-release of, or for a project with no
 *       final release (uv's "if-necessary-or-explicit", which the packse scenarios expect; a
 *       pre-release named only by a dependency does not opt in).
 *   <li>Decisions take the preferred version (existing lock, first target) when still allowed,
 *       else the newest; packages are decided in discovery order, exact pins first, and a package
 *       rejected five times because of another one is moved ahead of it (uv's remedy for
 *       backtracking through every version of the wrong package).
 * </ul>
 *
 * <p>The resolver does no I/O itself: it asks a {@link PackageSource}, so scenario tests and the
 * real index run the same code.
 */
public final class Resolver {

  private final PackageSource source;
  private final MarkerEnvironment environment;
  private final LockListener listener;

  private Resolver(PackageSource source, MarkerEnvironment environment, LockListener listener) {
    this.source = source;
    this.environment = environment;
    this.listener = listener;
  }

  /**
   * A resolver asking {@code source} about projects and evaluating markers in {@code
   * environment} (the target's, e.g. {@code TargetEnvironment.markerEnvironment()}).
   */
  public static Resolver create(
      PackageSource source, MarkerEnvironment environment, LockListener listener) {
    return new Resolver(
        Objects.requireNonNull(source, "source"),
        Objects.requireNonNull(environment, "environment"),
        Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Resolves the request.
   *
   * @throws ResolutionException if no set of versions satisfies it; the message explains why
   * @throws IOException if the source fails
   */
  public Resolution resolve(ResolveRequest request) throws IOException, ResolutionException {
    Objects.requireNonNull(request, "request");
    try {
      return new PubGrubSolver(source, environment, listener, request).solve();
    } catch (PubGrubSolver.SourceFailure e) {
      throw e.getCause();
    }
  }
}
