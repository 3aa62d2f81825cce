package dev.pylayer.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where to look for distributions: pip's {@code index-url}, {@code extra-index-url},
 * {@code find-links} and {@code no-index}. Every field may be absent ("not given"), so settings
 * from several places layer with {@link #overriding}: explicit pylayer options over the pip
 * environment variables over pip.conf (see {@link PipConfiguration}). Immutable.
 */
public final class IndexSettings {

  /** pip's default index. */
  public static final String DEFAULT_INDEX_URL = "https://pypi.org/simple/";

  private static final IndexSettings EMPTY = builder().build();

  private final String indexUrl;
  private final List<String> extraIndexUrls;
  private final List<String> findLinks;
  private final Boolean noIndex;

  private IndexSettings(Builder b) {
    this.indexUrl = b.indexUrl;
    this.extraIndexUrls = b.extraIndexUrls == null ? null : List.copyOf(b.extraIndexUrls);
    this.findLinks = b.findLinks == null ? null : List.copyOf(b.findLinks);
    this.noIndex = b.noIndex;
  }

  /** Settings that give nothing: everything falls through to the next layer or the default. */
  public static IndexSettings empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The main index URL; empty if not given (then pip's default applies). */
  public Optional<String> indexUrl() {
    return Optional.ofNullable(indexUrl);
  }

  /** Further index URLs searched after the main one; empty if not given. */
  public Optional<List<String>> extraIndexUrls() {
    return Optional.ofNullable(extraIndexUrls);
  }

  /** Find-links locations (paths or URLs); empty if not given. */
  public Optional<List<String>> findLinks() {
    return Optional.ofNullable(findLinks);
  }

  /** Whether to ignore every index and use find-links only; empty if not given. */
  public Optional<Boolean> noIndex() {
    return Optional.ofNullable(noIndex);
  }

  /**
   * These settings where given, {@code lower} where not, field by field. A given list replaces
   * the lower list (unlike pip's command line, which appends to configured find-links and extra
   * index URLs): an explicit pylayer option says exactly where to look.
   */
  public IndexSettings overriding(IndexSettings lower) {
    Builder b = builder();
    b.indexUrl = indexUrl != null ? indexUrl : lower.indexUrl;
    b.extraIndexUrls = extraIndexUrls != null ? extraIndexUrls : lower.extraIndexUrls;
    b.findLinks = findLinks != null ? findLinks : lower.findLinks;
    b.noIndex = noIndex != null ? noIndex : lower.noIndex;
    return b.build();
  }

  /**
   * The sources to search, in pip's order: find-links first, then the index URL (default
   * {@value #DEFAULT_INDEX_URL}), then the extra index URLs; with no-index only the find-links.
   * Duplicates are dropped.
   *
   * @param workingDir what relative paths are relative to
   * @param home what {@code ~} in a find-links path means
   */
  public List<IndexSource> sources(Path workingDir, Path home) {
    Set<IndexSource> sources = new LinkedHashSet<>();
    for (String location : findLinks().orElse(List.of())) {
      sources.add(IndexSource.findLinks(location, workingDir, home));
    }
    if (!noIndex().orElse(false)) {
      sources.add(IndexSource.index(indexUrl().orElse(DEFAULT_INDEX_URL), workingDir));
      for (String location : extraIndexUrls().orElse(List.of())) {
        sources.add(IndexSource.index(location, workingDir));
      }
    }
    return List.copyOf(new ArrayList<>(sources));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IndexSettings)) {
      return false;
    }
    IndexSettings other = (IndexSettings) o;
    return Objects.equals(indexUrl, other.indexUrl)
        && Objects.equals(extraIndexUrls, other.extraIndexUrls)
        && Objects.equals(findLinks, other.findLinks)
        && Objects.equals(noIndex, other.noIndex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(indexUrl, extraIndexUrls, findLinks, noIndex);
  }

  @Override
  public String toString() {
    return "IndexSettings{indexUrl=" + (indexUrl == null ? null : redact(indexUrl))
        + ", extraIndexUrls=" + (extraIndexUrls == null ? null : extraIndexUrls.stream()
            .map(IndexSettings::redact).collect(java.util.stream.Collectors.toList()))
        + ", findLinks=" + findLinks + ", noIndex=" + noIndex + "}";
  }

  private static String redact(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
  }

  /** Builder for {@link IndexSettings}; every setter accepts null for "not given". */
  public static final class Builder {
    private String indexUrl;
    private List<String> extraIndexUrls;
    private List<String> findLinks;
    private Boolean noIndex;

    private Builder() {}

    public Builder indexUrl(String indexUrl) {
      this.indexUrl = indexUrl;
      return this;
    }

    public Builder extraIndexUrls(List<String> extraIndexUrls) {
      this.extraIndexUrls = extraIndexUrls;
      return this;
    }

    public Builder findLinks(List<String> findLinks) {
      this.findLinks = findLinks;
      return this;
    }

    public Builder noIndex(Boolean noIndex) {
      this.noIndex = noIndex;
      return this;
    }

    public IndexSettings build() {
      return new IndexSettings(this);
    }
  }
}
