package dev.pylayer.lock;

import dev.pylayer.lock.PartialSolution.Assignment;
import dev.pylayer.pep.MarkerEnvironment;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.Specifier;
import dev.pylayer.pep.SpecifierSet;
import dev.pylayer.pep.Version;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One PubGrub run (see {@link Resolver} for the design): unit propagation, conflict-driven
 * clause learning with backjumping, and decisions newest-version-first. Single use, single
 * thread.
 */
final class PubGrubSolver {

  /** Rejections of one package caused by the same other package before it is decided first. */
  private static final int CONFLICT_THRESHOLD = 5;
  private static final Version ROOT_VERSION = Version.parse("0");

  private final PackageSource source;
  private final MarkerEnvironment env;
  private final LockListener listener;
  private final ResolveRequest request;

  private final KnownVersions rootUniverse = KnownVersions.of(List.of(ROOT_VERSION));
  private final Map<PackageName, ProjectVersions> projects = new HashMap<>();
  private final Map<PackageName, Map<Integer, VersionMetadata>> metadata = new HashMap<>();
  private final Map<Pkg, List<Incompatibility>> incompatibilities = new HashMap<>();
  private final Map<DependencyKey, Incompatibility> dependencyIndex = new HashMap<>();
  private final Map<Pkg, Integer> discovered = new HashMap<>();
  private final Map<Pkg, Integer> conflicts = new HashMap<>();
  private final Map<Pkg, Integer> boosted = new HashMap<>();
  private final Set<PackageName> explicitPrereleases = new HashSet<>();
  private final Map<PackageName, List<SpecifierSet>> exactPins = new HashMap<>();
  private final Set<String> warned = new HashSet<>();
  private final PartialSolution solution = new PartialSolution();
  private int nextId;

  PubGrubSolver(PackageSource source, MarkerEnvironment env, LockListener listener,
      ResolveRequest request) {
    this.source = source;
    this.env = env;
    this.listener = listener;
    this.request = request;
    List<Requirement> firstParty = new ArrayList<>(request.requirements());
    firstParty.addAll(request.constraints());
    for (Requirement r : firstParty) {
      if (Boolean.TRUE.equals(r.specifier().prereleases())) {
        explicitPrereleases.add(r.name());
      }
      for (Specifier s : r.specifier().specifiers()) {
        boolean exact = s.operator().equals("===")
            || (s.operator().equals("==") && !s.version().endsWith(".*"));
        if (exact) {
          exactPins.computeIfAbsent(r.name(), k -> new ArrayList<>())
              .add(SpecifierSet.of(List.of(s)));
        }
      }
    }
  }

  Resolution solve() throws IOException, ResolutionException {
    add(Incompatibility.external(nextId++,
        Map.of(Pkg.ROOT, Term.negative(VersionSet.full(rootUniverse))),
        Incompatibility.Kind.ROOT, null));
    Pkg next = Pkg.ROOT;
    while (next != null) {
      propagate(next);
      next = pickPackage();
      if (next != null) {
        decide(next);
      }
    }
    return result();
  }

  // ------------------------------------------------------------------ unit propagation

  private void propagate(Pkg start) throws ResolutionException {
    Deque<Pkg> changed = new ArrayDeque<>();
    Set<Pkg> queued = new HashSet<>();
    changed.add(start);
    queued.add(start);
    while (!changed.isEmpty()) {
      Pkg pkg = changed.poll();
      queued.remove(pkg);
      List<Incompatibility> list = incompatibilities.getOrDefault(pkg, List.of());
      // Oldest first: derivations then follow the order requirements were written in, which
      // keeps explanations in the order a person reads the requirements.
      for (int i = 0; i < list.size(); i++) {
        Incompatibility inc = list.get(i);
        Relation r = relation(inc);
        if (r.kind == Relation.SATISFIED) {
          Incompatibility learned = resolveConflict(inc);
          Relation after = relation(learned);
          if (after.kind != Relation.ALMOST) {
            throw new IllegalStateException("learned " + learned + " is not almost satisfied");
          }
          solution.derive(after.pkg, learned.term(after.pkg).negate(), learned);
          changed.clear();
          queued.clear();
          changed.add(after.pkg);
          queued.add(after.pkg);
          break;
        }
        if (r.kind == Relation.ALMOST) {
          solution.derive(r.pkg, inc.term(r.pkg).negate(), inc);
          if (queued.add(r.pkg)) {
            changed.add(r.pkg);
          }
        }
      }
    }
  }

  private static final class Relation {
    static final int SATISFIED = 0;
    static final int CONTRADICTED = 1;
    static final int ALMOST = 2;
    static final int INCONCLUSIVE = 3;
    final int kind;
    final Pkg pkg;

    Relation(int kind, Pkg pkg) {
      this.kind = kind;
      this.pkg = pkg;
    }
  }

  private Relation relation(Incompatibility inc) {
    Pkg open = null;
    for (Map.Entry<Pkg, Term> e : inc.terms().entrySet()) {
      Term known = solution.term(e.getKey());
      Term t = e.getValue();
      if (known == null) {
        known = Term.any(t.set().universe());
      }
      if (known.satisfies(t)) {
        continue;
      }
      if (known.contradicts(t)) {
        return new Relation(Relation.CONTRADICTED, null);
      }
      if (open != null) {
        return new Relation(Relation.INCONCLUSIVE, null);
      }
      open = e.getKey();
    }
    return open == null ? new Relation(Relation.SATISFIED, null)
        : new Relation(Relation.ALMOST, open);
  }

  // ------------------------------------------------------------------ conflict resolution

  private Incompatibility resolveConflict(Incompatibility incompatibility)
      throws ResolutionException {
    Incompatibility inc = incompatibility;
    boolean learned = false;
    while (true) {
      if (inc.isFailure()) {
        throw new ResolutionException(new ExplanationWriter().explain(inc));
      }
      int satisfierIndex = satisfierIndex(inc);
      Assignment satisfier = solution.get(satisfierIndex);
      int previousLevel = previousSatisfierLevel(inc, satisfierIndex);
      if (satisfier.isDecision() || previousLevel != satisfier.level) {
        if (learned) {
          add(inc);
        }
        solution.backtrack(previousLevel);
        return inc;
      }
      // Resolve inc with the cause of its satisfier on the satisfier's package.
      Pkg pkg = satisfier.pkg;
      Map<Pkg, Term> terms = new LinkedHashMap<>();
      mergeTerms(terms, inc, pkg);
      mergeTerms(terms, satisfier.cause, pkg);
      Term union = inc.term(pkg).union(satisfier.cause.term(pkg));
      if (!union.isAny()) {
        terms.put(pkg, union);
      }
      inc = Incompatibility.derived(nextId++, terms, inc, satisfier.cause);
      learned = true;
    }
  }

  private static void mergeTerms(Map<Pkg, Term> into, Incompatibility from, Pkg except) {
    for (Map.Entry<Pkg, Term> e : from.terms().entrySet()) {
      if (!e.getKey().equals(except)) {
        into.merge(e.getKey(), e.getValue(), Term::intersect);
      }
    }
    into.values().removeIf(Term::isAny);
  }

  /** The index of the earliest assignment by which every term of {@code inc} holds. */
  private int satisfierIndex(Incompatibility inc) {
    Map<Pkg, Term> accumulated = new HashMap<>();
    Set<Pkg> open = openTerms(inc, accumulated);
    for (int i = 0; i < solution.size(); i++) {
      Assignment a = solution.get(i);
      if (accumulate(inc, accumulated, open, a)) {
        return i;
      }
    }
    throw new IllegalStateException(inc + " is not satisfied");
  }

  /**
   * The decision level of the earliest assignment that, together with the satisfier, satisfies
   * {@code inc}; at least 1 so the root's decision is never undone.
   */
  private int previousSatisfierLevel(Incompatibility inc, int satisfierIndex) {
    Assignment satisfier = solution.get(satisfierIndex);
    Map<Pkg, Term> accumulated = new HashMap<>();
    accumulated.put(satisfier.pkg, satisfier.term);
    Set<Pkg> open = openTerms(inc, accumulated);
    if (open.isEmpty()) {
      return 1;
    }
    for (int i = 0; i < satisfierIndex; i++) {
      Assignment a = solution.get(i);
      if (accumulate(inc, accumulated, open, a)) {
        return Math.max(1, a.level);
      }
    }
    return Math.max(1, satisfier.level);
  }

  private static Set<Pkg> openTerms(Incompatibility inc, Map<Pkg, Term> accumulated) {
    Set<Pkg> open = new HashSet<>();
    for (Map.Entry<Pkg, Term> e : inc.terms().entrySet()) {
      Term known = accumulated.get(e.getKey());
      if (e.getValue().isAny() || (known != null && known.satisfies(e.getValue()))) {
        continue;
      }
      open.add(e.getKey());
    }
    return open;
  }

  /** Adds an assignment to the accumulated terms; true when every term of inc then holds. */
  private static boolean accumulate(Incompatibility inc, Map<Pkg, Term> accumulated,
      Set<Pkg> open, Assignment a) {
    Term wanted = inc.term(a.pkg);
    if (wanted == null) {
      return false;
    }
    Term now = accumulated.merge(a.pkg, a.term, Term::intersect);
    if (now.satisfies(wanted)) {
      open.remove(a.pkg);
    }
    return open.isEmpty();
  }

  // ------------------------------------------------------------------ decisions

  /**
   * The next package to decide: packages that kept being rejected because of another one come
   * first, then those with a single possible version, then the order packages were discovered
   * in (breadth-first from the requirements, which is close to what pip does).
   */
  private Pkg pickPackage() {
    Pkg best = null;
    long bestKey = Long.MAX_VALUE;
    for (Pkg p : solution.undecided()) {
      if (p.isRoot()) {
        return p;
      }
      long key;
      Integer boost = boosted.get(p);
      if (boost != null) {
        key = boost;
      } else {
        VersionSet usable = project(p.name()).usable(solution.term(p).set());
        key = (usable.cardinality() <= 1 ? 1L << 40 : 2L << 40) + discovery(p);
      }
      if (key < bestKey) {
        bestKey = key;
        best = p;
      }
    }
    return best;
  }

  private int discovery(Pkg p) {
    return discovered.computeIfAbsent(p, k -> discovered.size());
  }

  private void decide(Pkg pkg) throws IOException, ResolutionException {
    VersionSet allowed = solution.term(pkg).set();
    int index = pkg.isRoot() ? 0 : pickVersion(pkg, allowed);
    if (index < 0) {
      add(Incompatibility.external(nextId++, Map.of(pkg, Term.positive(allowed)),
          Incompatibility.Kind.NO_VERSIONS, noVersionsReason(pkg, allowed)));
      return;
    }
    List<Incompatibility> added = addDependencies(pkg, index);
    Pkg culprit = null;
    boolean conflict = false;
    for (Incompatibility inc : added) {
      Pkg c = conflictWithDecision(inc, pkg, index);
      if (c != null) {
        conflict = true;
        if (!c.equals(pkg)) {
          culprit = c;
        }
      }
    }
    if (!conflict) {
      solution.decide(pkg, VersionSet.single(universe(pkg), index), index);
      return;
    }
    if (culprit != null) {
      noteConflict(pkg, culprit);
    }
  }

  /**
   * If deciding {@code pkg == index} would satisfy {@code inc}, the package whose assignments make
   * the rest of it hold (or pkg itself when it has no other term); else null.
   */
  private Pkg conflictWithDecision(Incompatibility inc, Pkg pkg, int index) {
    Pkg other = pkg;
    for (Map.Entry<Pkg, Term> e : inc.terms().entrySet()) {
      Term t = e.getValue();
      if (e.getKey().equals(pkg)) {
        if (!Term.positive(VersionSet.single(universe(pkg), index)).satisfies(t)) {
          return null;
        }
        continue;
      }
      Term known = solution.term(e.getKey());
      if (known == null) {
        known = Term.any(t.set().universe());
      }
      if (!known.satisfies(t)) {
        return null;
      }
      other = e.getKey();
    }
    return other;
  }

  /**
   * Counts how often {@code affected} was rejected because of {@code culprit}. Past a threshold
   * the affected package is decided before others from now on, and the culprit's decision is
   * undone so it gets decided after it (uv's remedy for resolvers walking down every version of
   * a package that conflicts with an early, arbitrary choice).
   */
  private void noteConflict(Pkg affected, Pkg culprit) {
    int count = conflicts.merge(affected, 1, Integer::sum);
    if (count < CONFLICT_THRESHOLD || boosted.containsKey(affected)) {
      return;
    }
    boosted.put(affected, boosted.size());
    int level = solution.decisionLevel(culprit);
    if (level > 1 && !culprit.isRoot()) {
      solution.backtrack(level - 1);
    }
  }

  /** The best version of {@code pkg} in {@code allowed} that can be used, or -1. */
  private int pickVersion(Pkg pkg, VersionSet allowed) throws IOException {
    ProjectVersions project = project(pkg.name());
    int preferred = preferredIndex(pkg, project);
    if (preferred >= 0 && allowed.contains(preferred) && usable(project, preferred)) {
      return preferred;
    }
    for (int i = allowed.highest(); i >= 0; i = allowed.previous(i)) {
      if (usable(project, i)) {
        return i;
      }
    }
    return -1;
  }

  private int preferredIndex(Pkg pkg, ProjectVersions project) {
    if (pkg.isExtra()) {
      int base = solution.decided(pkg.base());
      if (base >= 0) {
        return base;
      }
    }
    Version v = request.preferences().get(pkg.name());
    return v == null ? -1 : project.universe().indexOf(v);
  }

  /** Whether the version can be chosen; reads its metadata, which may exclude it. */
  private boolean usable(ProjectVersions project, int index) throws IOException {
    if (project.isExcluded(index)) {
      return false;
    }
    VersionMetadata md = metadata(project, index);
    if (md.unusableReason().isPresent()) {
      project.exclude(index, md.unusableReason().get());
      return false;
    }
    return true;
  }

  private VersionMetadata metadata(ProjectVersions project, int index) throws IOException {
    Map<Integer, VersionMetadata> byVersion =
        metadata.computeIfAbsent(project.name(), k -> new HashMap<>());
    VersionMetadata md = byVersion.get(index);
    if (md == null) {
      md = source.metadata(project.name(), project.universe().get(index));
      byVersion.put(index, md);
    }
    return md;
  }

  // ------------------------------------------------------------------ dependencies

  /** What one dependency of a version asks for: a package and the versions it accepts. */
  private static final class Want {
    final Pkg pkg;
    SpecifierSet specifier;
    final List<String> texts = new ArrayList<>();
    Integer pinnedIndex; // for self-references: the same version

    Want(Pkg pkg) {
      this.pkg = pkg;
    }
  }

  private List<Incompatibility> addDependencies(Pkg pkg, int index)
      throws IOException, ResolutionException {
    Map<Pkg, Want> wants = new LinkedHashMap<>();
    if (pkg.isRoot()) {
      for (Requirement r : request.requirements()) {
        if (holds(r, Set.of(), "your requirement")) {
          want(wants, r, null, -1);
        }
      }
    } else {
      ProjectVersions project = project(pkg.name());
      VersionMetadata md = metadata(project, index);
      if (pkg.isExtra()) {
        Want base = wants.computeIfAbsent(pkg.base(), Want::new);
        base.pinnedIndex = index;
        base.texts.add("==" + project.universe().get(index));
      }
      for (Requirement r : md.requiresDist()) {
        String where = pkg.name() + " " + project.universe().get(index);
        boolean needed = pkg.isExtra()
            ? holds(r, Set.of(pkg.extra()), where) && !holds(r, Set.of(), where)
            : holds(r, Set.of(), where);
        if (needed) {
          want(wants, r, pkg, index);
        }
      }
    }
    source.prefetch(wants.keySet().stream().map(Pkg::name).collect(Collectors.toList()));

    List<Incompatibility> added = new ArrayList<>();
    VersionSet self = VersionSet.single(universe(pkg), index);
    for (Want w : wants.values()) {
      VersionSet set = wantedSet(w);
      ProjectVersions target = project(w.pkg.name());
      if (target.usable(set).isEmpty()) {
        // Nothing could ever satisfy this dependency: this version of pkg is out.
        Incompatibility none = Incompatibility.external(nextId++,
            Map.of(w.pkg, Term.positive(set)), Incompatibility.Kind.NO_VERSIONS,
            noVersionsReason(w.pkg, set));
        Incompatibility dep = dependency(pkg, self, w.pkg, set);
        Incompatibility out = Incompatibility.derived(nextId++,
            Map.of(pkg, Term.positive(self)), dep, none);
        add(out);
        added.add(out);
        return added;
      }
      added.add(addDependency(pkg, index, w.pkg, set));
    }
    if (pkg.isRoot()) {
      added.addAll(addConstraints());
    }
    return added;
  }

  private void want(Map<Pkg, Want> wants, Requirement r, Pkg dependant, int index)
      throws ResolutionException {
    if (r.url().isPresent()) {
      String who = dependant == null ? "your requirement"
          : dependant.name() + " " + project(dependant.name()).universe().get(index)
              + "'s dependency";
      throw new ResolutionException(who + " '" + r + "' is a direct URL reference: pylayer"
          + " resolves from package indexes only; publish the wheel to an index or a find-links"
          + " directory and require it by name");
    }
    boolean selfReference = dependant != null && r.name().equals(dependant.name());
    List<Pkg> pkgs = new ArrayList<>();
    if (!selfReference) {
      pkgs.add(Pkg.of(r.name()));
    }
    for (String extra : r.extras()) {
      pkgs.add(Pkg.withExtra(r.name(), extra));
    }
    for (Pkg p : pkgs) {
      Want w = wants.computeIfAbsent(p, Want::new);
      if (selfReference) {
        // a[x] needed by a==v means the same version, whatever the specifier says.
        w.pinnedIndex = index;
        w.texts.add("==" + project(r.name()).universe().get(index));
        continue;
      }
      w.specifier = w.specifier == null ? r.specifier() : w.specifier.and(r.specifier());
      String text = specifierText(r.specifier());
      if (!w.texts.contains(text)) {
        w.texts.add(text);
      }
    }
  }

  private VersionSet wantedSet(Want w) {
    KnownVersions u = universe(w.pkg);
    VersionSet set = w.specifier == null ? VersionSet.full(u)
        : VersionSet.matching(u, w.specifier, "");
    if (w.pinnedIndex != null) {
      set = set.intersect(VersionSet.single(u, w.pinnedIndex));
    }
    List<String> texts = new ArrayList<>(w.texts);
    texts.remove("");
    return set.labelled(String.join(",", texts));
  }

  private static String specifierText(SpecifierSet s) {
    return s.specifiers().stream().map(Specifier::toString).collect(Collectors.joining(","));
  }

  private Incompatibility dependency(Pkg pkg, VersionSet versions, Pkg dep, VersionSet set) {
    Map<Pkg, Term> terms = new LinkedHashMap<>();
    terms.put(pkg, Term.positive(versions));
    terms.put(dep, Term.negative(set));
    return Incompatibility.external(nextId++, terms, Incompatibility.Kind.DEPENDENCY, null);
  }

  /**
   * Adds "pkg==index depends on dep in set", merged with the same dependency of other versions
   * of pkg already known, so explanations say "a>=2.0,<3.0 depends on b==2.0" once.
   */
  private Incompatibility addDependency(Pkg pkg, int index, Pkg dep, VersionSet set) {
    VersionSet self = VersionSet.single(universe(pkg), index);
    DependencyKey key = new DependencyKey(pkg, dep, set);
    Incompatibility existing = dependencyIndex.get(key);
    Incompatibility inc;
    if (existing != null && !pkg.isRoot()) {
      VersionSet merged = existing.term(pkg).set().union(self);
      inc = dependency(pkg, merged, dep, set);
      incompatibilities.get(pkg).remove(existing);
      incompatibilities.get(dep).remove(existing);
    } else {
      inc = dependency(pkg, self, dep, set);
    }
    dependencyIndex.put(key, inc);
    add(inc);
    return inc;
  }

  private List<Incompatibility> addConstraints() throws IOException {
    List<Incompatibility> out = new ArrayList<>();
    for (Requirement c : request.constraints()) {
      if (!holds(c, Set.of(), "your constraint")) {
        continue;
      }
      Pkg pkg = Pkg.of(c.name());
      KnownVersions u = universe(pkg);
      String text = specifierText(c.specifier());
      VersionSet allowed = VersionSet.matching(u, c.specifier(), text);
      if (allowed.isFull()) {
        continue;
      }
      String reason = "you constrain " + c.name() + text;
      if (u.size() == 0) {
        continue; // constrains nothing that exists; needing it fails elsewhere
      }
      if (allowed.isEmpty()) {
        reason += " (" + availableSummary(project(c.name())) + ")";
      }
      Map<Pkg, Term> terms = new LinkedHashMap<>();
      terms.put(Pkg.ROOT, Term.positive(VersionSet.full(rootUniverse)));
      terms.put(pkg, Term.positive(allowed.complement()));
      Incompatibility inc = Incompatibility.external(nextId++, terms,
          Incompatibility.Kind.CONSTRAINT, reason);
      add(inc);
      out.add(inc);
    }
    return out;
  }

  private boolean holds(Requirement r, Set<String> extras, String where) {
    if (r.marker().isEmpty()) {
      return true;
    }
    try {
      return r.marker().get().evaluate(env, extras);
    } catch (RuntimeException e) {
      String message = where + " '" + r + "': the marker cannot be evaluated ("
          + e.getMessage() + "); taking it as false";
      if (warned.add(message)) {
        listener.warn(message);
      }
      return false;
    }
  }

  private void add(Incompatibility inc) {
    for (Pkg p : inc.terms().keySet()) {
      incompatibilities.computeIfAbsent(p, k -> new ArrayList<>()).add(inc);
      discovery(p);
    }
  }

  private record DependencyKey(Pkg pkg, Pkg dep, VersionSet set, String label) {
    DependencyKey(Pkg pkg, Pkg dep, VersionSet set) {
      this(pkg, dep, set, set.describe(""));
    }
  }

  // ------------------------------------------------------------------ projects

  private KnownVersions universe(Pkg pkg) {
    return pkg.isRoot() ? rootUniverse : project(pkg.name()).universe();
  }

  private ProjectVersions project(PackageName name) {
    ProjectVersions p = projects.get(name);
    if (p == null) {
      List<CandidateVersion> candidates;
      try {
        candidates = source.versions(name);
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
      p = new ProjectVersions(name, candidates);
      excludeByPolicy(p, candidates);
      projects.put(name, p);
    }
    return p;
  }

  /** Carries an I/O failure out of code paths that cannot throw checked exceptions. */
  static final class SourceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  /**
   * Yanked versions need an exact pin among the requirements or constraints (or to be the
   * preferred version, e.g. already locked); pre-releases need --pre, a first-party specifier
   * naming a pre-release, or a project with no final release at all (uv's default, which the
   * packse scenarios expect: a pre-release named only by a dependency is not enough).
   */
  private void excludeByPolicy(ProjectVersions p, List<CandidateVersion> candidates) {
    KnownVersions u = p.universe();
    Version preferred = request.preferences().get(p.name());
    for (int i = 0; i < u.size(); i++) {
      Version v = u.get(i);
      if (p.isYanked(i) && !p.isExcluded(i) && !v.equals(preferred) && !pinned(p.name(), v)) {
        p.exclude(i, p.name() + " " + v + " is yanked; only an exact pin (" + p.name() + "=="
            + v + ") among your requirements selects a yanked version");
      }
    }
    boolean prereleasesAllowed = request.prereleases() || explicitPrereleases.contains(p.name())
        || !p.hasUsableFinalRelease();
    if (!prereleasesAllowed) {
      for (int i = 0; i < u.size(); i++) {
        Version v = u.get(i);
        if (v.isPrerelease() && !v.equals(preferred)) {
          p.exclude(i, p.name() + " " + v + " is a pre-release, chosen only when a requirement"
              + " you wrote names a pre-release (e.g. " + p.name() + ">=" + v + "), with"
              + " pre-releases allowed, or when " + p.name() + " has no final release");
        }
      }
    }
  }

  private boolean pinned(PackageName name, Version v) {
    for (SpecifierSet s : exactPins.getOrDefault(name, List.of())) {
      if (s.contains(v, true)) {
        return true;
      }
    }
    return false;
  }

  private String noVersionsReason(Pkg pkg, VersionSet set) {
    ProjectVersions p = project(pkg.name());
    String what = set.describe(pkg.toString());
    if (p.universe().size() == 0) {
      return pkg.name() + " was not found in the package indexes";
    }
    if (set.isEmpty()) {
      return "there is no version of " + what + " (" + availableSummary(p) + ")";
    }
    List<String> reasons = p.reasons(set);
    if (reasons.isEmpty()) {
      return "no version of " + what + " can be used";
    }
    if (reasons.size() == 1 && set.cardinality() == 1) {
      return reasons.get(0);
    }
    int shown = Math.min(3, reasons.size());
    String out = "no version of " + what + " can be used: "
        + String.join("; ", reasons.subList(0, shown));
    if (reasons.size() > shown) {
      out += "; and " + (reasons.size() - shown) + " older versions for like reasons";
    }
    return out;
  }

  private static String availableSummary(ProjectVersions p) {
    List<Version> all = new ArrayList<>(p.universe().all());
    Collections.reverse(all);
    if (all.isEmpty()) {
      return p.name() + " was not found in the package indexes";
    }
    int shown = Math.min(5, all.size());
    String list = all.subList(0, shown).stream().map(Version::toString)
        .collect(Collectors.joining(", "));
    return "available: " + list + (all.size() > shown ? ", ..." : "");
  }

  // ------------------------------------------------------------------ result

  private Resolution result() throws IOException {
    Map<PackageName, Integer> versions = new LinkedHashMap<>();
    Map<PackageName, Set<String>> extras = new HashMap<>();
    for (Assignment a : solution.decisions()) {
      if (a.pkg.isRoot()) {
        continue;
      }
      if (a.pkg.isExtra()) {
        extras.computeIfAbsent(a.pkg.name(), k -> new TreeSet<>()).add(a.pkg.extra());
      } else {
        versions.put(a.pkg.name(), a.versionIndex);
      }
    }
    Map<PackageName, ResolvedPackage> out = new LinkedHashMap<>();
    for (Map.Entry<PackageName, Integer> e : versions.entrySet()) {
      ProjectVersions p = projects.get(e.getKey());
      Set<String> used = extras.getOrDefault(e.getKey(), Set.of());
      Set<PackageName> deps = new TreeSet<>();
      String where = e.getKey() + " " + p.universe().get(e.getValue());
      for (Requirement r : metadata(p, e.getValue()).requiresDist()) {
        boolean needed = holds(r, Set.of(), where) || (!used.isEmpty() && holds(r, used, where));
        if (needed && versions.containsKey(r.name()) && !r.name().equals(e.getKey())) {
          deps.add(r.name());
        }
      }
      out.put(e.getKey(), new ResolvedPackage(e.getKey(), p.universe().get(e.getValue()), used,
          deps));
    }
    return new Resolution(out);
  }
}
