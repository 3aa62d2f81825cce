package dev.pylayer.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.fetch.Uris;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads simple-repository project pages into {@link DistributionFile}s: PEP 503 HTML (hashes in
 * the URL fragment, PEP 592 {@code data-yanked}, PEP 658/714 {@code data-core-metadata}) and
 * PEP 691 JSON. Relative URLs resolve against the page's final URL (or its {@code <base>}).
 */
final class SimplePages {

  /** The Accept header of PEP 691 content negotiation: JSON first, HTML as fallback. */
  static final String ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2,"
          + " text/html;q=0.01";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HASH = Pattern.compile("([A-Za-z0-9_]+)=([0-9A-Fa-f]+)");

  private SimplePages() {}

  /** Whether a Content-Type names a PEP 691 JSON page. */
  static boolean isJson(String contentType, byte[] body) {
    String type = mediaType(contentType);
    if (type.endsWith("+json") || type.equals("application/json")) {
      return true;
    }
    if (type.isEmpty() || type.equals("application/octet-stream") || type.equals("text/plain")) {
      // No usable Content-Type (file pages, misconfigured servers): look at the content.
      for (byte b : body) {
        if (!Character.isWhitespace(b)) {
          return b == '{';
        }
      }
    }
    return false;
  }

  /** The media type of a Content-Type header, lower case, without parameters. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip().toLowerCase(Locale.ROOT);
  }

  static List<DistributionFile> parseHtml(String html, URI pageUrl, IndexSource source) {
    HtmlLinks links = HtmlLinks.parse(html);
    URI base = pageUrl;
    if (links.baseHref != null && !links.baseHref.isBlank()) {
      base = resolve(pageUrl, links.baseHref);
    }
    List<DistributionFile> files = new ArrayList<>();
    for (HtmlLinks.Anchor anchor : links.anchors) {
      String href = anchor.attributes.get("href");
      if (href == null || href.isBlank()) {
        continue;
      }
      URI resolved;
      try {
        resolved = resolve(base, href.strip());
      } catch (IllegalArgumentException e) {
        continue; // an href no client could follow; browsers skip it too
      }
      URI url = clean(resolved);
      String filename = Uris.lastSegment(url);
      if (filename.isEmpty()) {
        continue; // "../" and other directory links
      }
      DistributionFile.Builder file =
          DistributionFile.builder().filename(filename).url(url).source(source);
      String fragment = resolved.getRawFragment();
      if (fragment != null) {
        for (String part : fragment.split("&")) {
          Matcher m = HASH.matcher(part);
          if (m.matches()) {
            file.hash(m.group(1), m.group(2));
          }
        }
      }
      String requiresPython = anchor.attributes.get("data-requires-python");
      if (requiresPython != null && !requiresPython.isBlank()) {
        file.requiresPython(requiresPython.strip());
      }
      if (anchor.attributes.containsKey("data-yanked")) {
        file.yanked(true, anchor.attributes.get("data-yanked"));
      }
      String metadata = anchor.attributes.get("data-core-metadata");
      if (metadata == null) {
        metadata = anchor.attributes.get("data-dist-info-metadata");
      }
      if (metadata != null) {
        String value = metadata.strip();
        Matcher m = HASH.matcher(value);
        if (m.matches()) {
          file.coreMetadataHash(m.group(1), m.group(2));
        } else {
          file.coreMetadata(value.equalsIgnoreCase("true"));
        }
      }
      files.add(file.build());
    }
    return files;
  }

  static List<DistributionFile> parseJson(byte[] json, URI pageUrl, IndexSource source)
      throws IndexException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IndexException(
          Uris.redact(pageUrl) + ": not a valid PEP 691 JSON page: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IndexException(Uris.redact(pageUrl) + ": not a PEP 691 JSON page (no object)");
    }
    String apiVersion = root.path("meta").path("api-version").asText("1.0");
    if (!apiVersion.equals("1") && !apiVersion.startsWith("1.")) {
      throw new IndexException(Uris.redact(pageUrl) + ": simple API version " + apiVersion
          + " is not supported (pylayer reads version 1.x)");
    }
    JsonNode entries = root.get("files");
    if (entries == null || !entries.isArray()) {
      throw new IndexException(Uris.redact(pageUrl) + ": PEP 691 page has no 'files' list");
    }
    List<DistributionFile> files = new ArrayList<>();
    for (JsonNode entry : entries) {
      String filename = entry.path("filename").asText("");
      String href = entry.path("url").asText("");
      if (filename.isEmpty() || href.isEmpty()) {
        throw new IndexException(Uris.redact(pageUrl) + ": a file entry lacks 'filename' or 'url'");
      }
      URI resolved;
      try {
        resolved = resolve(pageUrl, href);
      } catch (IllegalArgumentException e) {
        throw new IndexException(Uris.redact(pageUrl) + ": file " + filename + ": " + e.getMessage(),
            e);
      }
      DistributionFile.Builder file =
          DistributionFile.builder().filename(filename).url(clean(resolved)).source(source);
      for (Map.Entry<String, JsonNode> hash : entry.path("hashes").properties()) {
        if (hash.getValue().isTextual()) {
          file.hash(hash.getKey(), hash.getValue().asText());
        }
      }
      JsonNode requiresPython = entry.get("requires-python");
      if (requiresPython != null && requiresPython.isTextual()
          && !requiresPython.asText().isBlank()) {
        file.requiresPython(requiresPython.asText().strip());
      }
      JsonNode yanked = entry.get("yanked");
      if (yanked != null) {
        if (yanked.isTextual()) {
          file.yanked(true, yanked.asText());
        } else {
          file.yanked(yanked.asBoolean(false), null);
        }
      }
      JsonNode metadata = entry.get("core-metadata");
      if (metadata == null || metadata.isNull()) {
        metadata = entry.get("dist-info-metadata");
      }
      if (metadata != null) {
        if (metadata.isObject()) {
          file.coreMetadata(true);
          for (Map.Entry<String, JsonNode> h : metadata.properties()) {
            if (h.getValue().isTextual()) {
              file.coreMetadataHash(h.getKey(), h.getValue().asText());
            }
          }
        } else {
          file.coreMetadata(metadata.asBoolean(false));
        }
      }
      JsonNode size = entry.get("size");
      if (size != null && size.canConvertToLong()) {
        file.size(size.asLong());
      }
      JsonNode uploadTime = entry.get("upload-time");
      if (uploadTime != null && uploadTime.isTextual()) {
        file.uploadTime(uploadTime.asText());
      }
      files.add(file.build());
    }
    return files;
  }

  private static URI resolve(URI base, String href) {
    URI target = Uris.parseLenient(href);
    if ("file".equalsIgnoreCase(base.getScheme()) && target.isAbsolute()) {
      return target;
    }
    return base.resolve(target);
  }

  /** The URL to store: no fragment, no credentials (the transport adds logins per host). */
  private static URI clean(URI url) {
    return Uris.withoutUserInfo(Uris.withoutFragment(url));
  }
}
