package dev.pylayer.index;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One file of a project as an index lists it: name, where to get it, its hashes and the PEP 592
 * / 658 / 691 facts about it. Filenames and {@code requires-python} stay raw strings: parsing them
 * is the consumer's job. The URL carries no credentials (the transport adds the index's login for
 * its host) and no fragment. Immutable.
 */
public final class DistributionFile {

  private final String filename;
  private final URI url;
  private final Map<String, String> hashes;
  private final String requiresPython;
  private final boolean yanked;
  private final String yankedReason;
  private final boolean coreMetadata;
  private final Map<String, String> coreMetadataHashes;
  private final Long size;
  private final String uploadTime;
  private final IndexSource source;

  private DistributionFile(Builder b) {
    this.filename = Objects.requireNonNull(b.filename, "filename");
    this.url = Objects.requireNonNull(b.url, "url");
    this.hashes = Map.copyOf(b.hashes);
    this.requiresPython = b.requiresPython;
    this.yanked = b.yanked;
    this.yankedReason = b.yanked ? b.yankedReason : null;
    this.coreMetadata = b.coreMetadata;
    this.coreMetadataHashes = Map.copyOf(b.coreMetadataHashes);
    this.size = b.size;
    this.uploadTime = b.uploadTime;
    this.source = Objects.requireNonNull(b.source, "source");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The filename, e.g. {@code openai-1.40.0-py3-none-any.whl}. */
  public String filename() {
    return filename;
  }

  /** The absolute URL of the file (http, https or file), without credentials or fragment. */
  public URI url() {
    return url;
  }

  /** Known hashes, lower-case algorithm name ({@code sha256}) to lower-case hex. May be empty. */
  public Map<String, String> hashes() {
    return hashes;
  }

  /** The SHA-256 of the file, if the index gave it. */
  public Optional<String> sha256() {
    return Optional.ofNullable(hashes.get("sha256"));
  }

  /** The raw {@code requires-python} specifier, HTML-unescaped, if the index gave one. */
  public Optional<String> requiresPython() {
    return Optional.ofNullable(requiresPython);
  }

  /** Whether the file is yanked (PEP 592): skipped unless pinned exactly. */
  public boolean yanked() {
    return yanked;
  }

  /** The reason given for the yank, if any. */
  public Optional<String> yankedReason() {
    return Optional.ofNullable(yankedReason);
  }

  /** Whether the index serves the file's core metadata at {@code <url>.metadata} (PEP 658). */
  public boolean coreMetadataAvailable() {
    return coreMetadata;
  }

  /** Hashes of the {@code .metadata} file, if the index gave them (may be empty). */
  public Map<String, String> coreMetadataHashes() {
    return coreMetadataHashes;
  }

  /** The size in bytes, when the index gave it (PEP 700 JSON). */
  public OptionalLong size() {
    return size == null ? OptionalLong.empty() : OptionalLong.of(size);
  }

  /** The raw upload time (PEP 700 JSON), if given. */
  public Optional<String> uploadTime() {
    return Optional.ofNullable(uploadTime);
  }

  /** The index or find-links location that listed this file. */
  public IndexSource source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DistributionFile)) {
      return false;
    }
    DistributionFile f = (DistributionFile) o;
    return filename.equals(f.filename) && url.equals(f.url) && hashes.equals(f.hashes)
        && Objects.equals(requiresPython, f.requiresPython) && yanked == f.yanked
        && Objects.equals(yankedReason, f.yankedReason) && coreMetadata == f.coreMetadata
        && coreMetadataHashes.equals(f.coreMetadataHashes) && Objects.equals(size, f.size)
        && Objects.equals(uploadTime, f.uploadTime) && source.equals(f.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, url, hashes, requiresPython, yanked, source);
  }

  @Override
  public String toString() {
    return filename + " (" + url + (yanked ? ", yanked" : "") + ")";
  }

  /** Builder for {@link DistributionFile}. */
  public static final class Builder {
    private String filename;
    private URI url;
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private String requiresPython;
    private boolean yanked;
    private String yankedReason;
    private boolean coreMetadata;
    private final Map<String, String> coreMetadataHashes = new LinkedHashMap<>();
    private Long size;
    private String uploadTime;
    private IndexSource source;

    private Builder() {}

    public Builder filename(String filename) {
      this.filename = filename;
      return this;
    }

    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** Adds a hash; algorithm and hex are lower-cased. */
    public Builder hash(String algorithm, String hex) {
      hashes.put(algorithm.toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT));
      return this;
    }

    public Builder requiresPython(String requiresPython) {
      this.requiresPython = requiresPython;
      return this;
    }

    /** Marks the file yanked, with an optional reason (null or empty for none). */
    public Builder yanked(boolean yanked, String reason) {
      this.yanked = yanked;
      this.yankedReason = reason == null || reason.isEmpty() ? null : reason;
      return this;
    }

    public Builder coreMetadata(boolean available) {
      this.coreMetadata = available;
      return this;
    }

    /** Adds a hash of the core metadata file (and marks it available). */
    public Builder coreMetadataHash(String algorithm, String hex) {
      this.coreMetadata = true;
      coreMetadataHashes.put(algorithm.toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT));
      return this;
    }

    public Builder size(Long size) {
      this.size = size;
      return this;
    }

    public Builder uploadTime(String uploadTime) {
      this.uploadTime = uploadTime;
      return this;
    }

    public Builder source(IndexSource source) {
      this.source = source;
      return this;
    }

    public DistributionFile build() {
      return new DistributionFile(this);
    }
  }
}
