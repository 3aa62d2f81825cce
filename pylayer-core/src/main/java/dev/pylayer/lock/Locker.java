package dev.pylayer.lock;

import dev.pylayer.audit.RefusedReleaseException;
import dev.pylayer.audit.ReleaseScreen;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.files.Sha256;
import dev.pylayer.index.DistributionFile;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Makes a {@link LockFile} from a {@link LockRequest}: resolves the requirements for every target
 * (the first target's versions preferred for the next, an existing lock's versions preferred
 * unless upgraded), picks each target's wheel of each package and records its URL, size and
 * sha256. Metadata comes through PEP 658, HTTP ranges or the wheel, cached under the cache root.
 */
public final class Locker {

  /** What {@code created-by} says. */
  public static final String CREATED_BY = "pylayer";

  private final IndexClient index;
  private final MetadataFetcher metadata;
  private final LockListener listener;
  private final ReleaseScreen screen;

  private Locker(IndexClient index, MetadataFetcher metadata, LockListener listener,
      ReleaseScreen screen) {
    this.index = index;
    this.metadata = metadata;
    this.listener = listener;
    this.screen = screen;
  }

  /**
   * This locker refusing the releases {@code screen} refuses (by default: pylayer's bundled
   * known-bad list, and yanked files).
   */
  public Locker screening(ReleaseScreen screen) {
    return new Locker(index, metadata, listener, Objects.requireNonNull(screen, "screen"));
  }

  /**
   * A locker reading {@code index}, keeping downloaded wheels in {@code downloads} and metadata
   * under {@code cacheRoot/metadata}.
   */
  public static Locker create(IndexClient index, DownloadCache downloads, Path cacheRoot,
      LockListener listener) {
    return new Locker(Objects.requireNonNull(index, "index"),
        new MetadataFetcher(index, Objects.requireNonNull(downloads, "downloads"),
            Objects.requireNonNull(cacheRoot, "cacheRoot")),
        Objects.requireNonNull(listener, "listener"), ReleaseScreen.bundled());
  }

  /**
   * Resolves and returns the lock (it writes nothing: see {@link LockFileFormat#write(LockFile,
   * Path)}).
   *
   * @throws ResolutionException if a target has no solution; the message names the target and
   *     explains the conflict
   * @throws IOException if an index or a wheel cannot be read
   */
  public LockFile lock(LockRequest request) throws IOException, ResolutionException {
    ExecutorService prefetcher = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "pylayer-lock-prefetch");
      t.setDaemon(true);
      return t;
    });
    try {
      return lock(request, prefetcher);
    } finally {
      // Stop guesses still running, and wait for them: nothing may write into the cache after
      // the lock is returned (a caller may delete or move the cache right away).
      prefetcher.shutdownNow();
      try {
        prefetcher.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private LockFile lock(LockRequest request, ExecutorService prefetcher)
      throws IOException, ResolutionException {
    Map<PackageName, Version> chosenSoFar = new LinkedHashMap<>();
    // Per (name, version): the targets using it and its wheels.
    Map<PackageName, TreeMap<Version, Entry>> entries = new TreeMap<>();
    List<LockedTarget> targets = new ArrayList<>();
    Set<String> refusals = new LinkedHashSet<>();
    for (TargetEnvironment target : request.targets()) {
      IndexPackageSource source = new IndexPackageSource(index, metadata, target, prefetcher);
      ResolveRequest.Builder resolve = ResolveRequest.builder()
          .requirements(request.requirements())
          .constraints(request.constraints())
          .prereleases(request.prereleases());
      Map<PackageName, Version> preferences = new LinkedHashMap<>(lockedVersions(request, target));
      chosenSoFar.forEach(preferences::putIfAbsent);
      resolve.preferences(preferences);
      Resolution resolution;
      try {
        resolution = Resolver.create(source, target.markerEnvironment(), listener)
            .resolve(resolve.build());
      } catch (ResolutionException e) {
        throw e.forTarget(IndexPackageSource.describe(target));
      }
      Map<PackageName, String> wheels = new TreeMap<>();
      for (ResolvedPackage p : resolution.packages().values()) {
        chosenSoFar.putIfAbsent(p.name(), p.version());
        DistributionFile file = source.wheel(p.name(), p.version());
        screen.refusal(p.name().value(), p.version().toString(), file.filename(),
            file.yanked() ? Optional.of(file.yankedReason().orElse("")) : Optional.empty())
            .ifPresent(refusals::add);
        Entry entry = entries.computeIfAbsent(p.name(), k -> new TreeMap<>())
            .computeIfAbsent(p.version(), k -> new Entry(p.name(), p.version()));
        entry.targets.add(target);
        if (!entry.wheels.containsKey(file.filename())) {
          entry.wheels.put(file.filename(), lockedWheel(file));
          if (entry.index == null && file.source() != null
              && file.source().kind() == IndexSource.Kind.INDEX) {
            entry.index = file.source().publicLocation().toString();
          }
        }
        wheels.put(p.name(), file.filename());
      }
      targets.add(LockedTarget.of(target, wheels));
    }
    if (!refusals.isEmpty()) {
      throw new RefusedReleaseException(new ArrayList<>(refusals));
    }
    List<LockedPackage> packages = new ArrayList<>();
    Set<String> allTargets = new LinkedHashSet<>();
    request.targets().forEach(t -> allTargets.add(marker(t)));
    for (Entry e : entries.values().stream().flatMap(m -> m.values().stream()).toList()) {
      Set<String> markers = new LinkedHashSet<>();
      e.targets.forEach(t -> markers.add(marker(t)));
      boolean everywhere = e.targets.size() == request.targets().size();
      String marker = everywhere ? null
          : markers.size() == 1 ? markers.iterator().next()
          : "(" + String.join(") or (", markers) + ")";
      packages.add(new LockedPackage(e.name, e.version.toString(),
          Optional.ofNullable(marker), Optional.ofNullable(e.index),
          new ArrayList<>(new TreeSet<>(e.wheels.values()))));
    }
    List<String> requirements = new ArrayList<>();
    request.requirements().forEach(r -> requirements.add(r.toString()));
    List<String> constraints = new ArrayList<>();
    request.constraints().forEach(r -> constraints.add(r.toString()));
    return new LockFile(CREATED_BY, requiresPython(request.targets()),
        new ArrayList<>(allTargets), packages, request.fingerprint(), requirements, constraints,
        targets, request.interpreters());
  }

  /** The existing lock's versions to keep for {@code target}, minus the upgraded packages. */
  private static Map<PackageName, Version> lockedVersions(LockRequest request,
      TargetEnvironment target) {
    Map<PackageName, Version> out = new LinkedHashMap<>();
    if (request.existing().isEmpty() || request.upgradeAll()) {
      return out;
    }
    LockFile existing = request.existing().get();
    List<LockedTarget> order = new ArrayList<>();
    existing.target(target).ifPresent(order::add);
    order.addAll(existing.targets());
    for (LockedTarget t : order) {
      try {
        existing.versions(t).forEach(out::putIfAbsent);
      } catch (IllegalStateException e) {
        // A damaged lock only loses its preferences; the new lock replaces it.
      }
    }
    request.upgradePackages().forEach(out::remove);
    return out;
  }

  private LockedWheel lockedWheel(DistributionFile file) throws IOException {
    String sha256 = file.sha256().map(h -> h.toLowerCase(Locale.ROOT)).orElse(null);
    if (sha256 == null) {
      // A find-links file or an index without hashes: hash the file itself (a local one is read
      // in place, a remote one lands in the download cache where the build finds it).
      sha256 = Sha256.of(metadata.wheelReader().localCopy(file));
    }
    OptionalLong size = file.size();
    if (size.isEmpty()) {
      size = OptionalLong.of(metadata.size(file));
    }
    return new LockedWheel(file.filename(), file.url(), size, sha256);
  }

  /** The marker of a target: its machine and Python version (glibc has no marker). */
  static String marker(TargetEnvironment target) {
    return "platform_machine == '" + target.arch().wheelMachine() + "' and python_version == '"
        + target.pythonVersion() + "'";
  }

  private static String requiresPython(List<TargetEnvironment> targets) {
    TreeSet<Integer> minors = new TreeSet<>();
    targets.forEach(t -> minors.add(t.pythonMinor()));
    if (minors.size() == 1) {
      return "==3." + minors.first() + ".*";
    }
    return ">=3." + minors.first() + ",<3." + (minors.last() + 1);
  }

  private static final class Entry {
    final PackageName name;
    final Version version;
    final Set<TargetEnvironment> targets = new LinkedHashSet<>();
    final Map<String, LockedWheel> wheels = new TreeMap<>();
    String index;

    Entry(PackageName name, Version version) {
      this.name = name;
      this.version = version;
    }
  }
}
