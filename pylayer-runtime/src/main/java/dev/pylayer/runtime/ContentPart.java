package dev.pylayer.runtime;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One part of a multimodal message: text, or an image by URL or inline data. LiteLLM translates
 * image parts for providers that take images (OpenAI, Anthropic, Gemini, Bedrock, ...).
 *
 * <pre>{@code
 * ChatMessage.user(ContentPart.text("What is in this picture?"),
 *     ContentPart.image(pngBytes, "image/png"));
 * }</pre>
 *
 * Parts of other types (e.g. audio) that a response holds are kept as they came: {@link #type()}
 * names them and {@link #toJson()} returns them unchanged.
 */
public final class ContentPart {
  private final String type;
  private final String text;
  private final String imageUrl;
  private final String detail;
  private final Map<String, Object> json;

  private ContentPart(String type, String text, String imageUrl, String detail, Map<String, Object> json) {
    this.type = type;
    this.text = text;
    this.imageUrl = imageUrl;
    this.detail = detail;
    this.json = json;
  }

  /** A text part. */
  public static ContentPart text(String text) {
    return new ContentPart("text", Objects.requireNonNull(text, "text"), null, null, null);
  }

  /** An image the provider fetches from {@code url} (https or a {@code data:} URL). */
  public static ContentPart imageUrl(String url) {
    return imageUrl(url, null);
  }

  /** An image by URL with a detail level ("low", "high", "auto"; null for the provider's default). */
  public static ContentPart imageUrl(String url, String detail) {
    return new ContentPart("image_url", null, Objects.requireNonNull(url, "url"), detail, null);
  }

  /** An image sent inline, as a base64 {@code data:} URL, e.g. {@code image(bytes, "image/png")}. */
  public static ContentPart image(byte[] data, String mimeType) {
    Objects.requireNonNull(data, "data");
    if (mimeType == null || !mimeType.startsWith("image/")) {
      throw new IllegalArgumentException("image mime type must start with image/, got " + mimeType);
    }
    return imageUrl("data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(data));
  }

  @SuppressWarnings("unchecked")
  static ContentPart fromJson(Map<String, Object> json) {
    String type = JsonFields.string(json, "type");
    if ("text".equals(type) && json.get("text") instanceof String) {
      return text((String) json.get("text"));
    }
    if ("image_url".equals(type)) {
      Object image = json.get("image_url");
      if (image instanceof String) {
        return imageUrl((String) image);
      }
      if (image instanceof Map && ((Map<String, Object>) image).get("url") instanceof String) {
        Map<String, Object> m = (Map<String, Object>) image;
        return imageUrl((String) m.get("url"), JsonFields.string(m, "detail"));
      }
    }
    return new ContentPart(type, null, null, null, JsonFields.copy(json));
  }

  /** "text", "image_url", or the type of a part kept as it came. */
  public String type() {
    return type;
  }

  /** The text of a text part; else null. */
  public String text() {
    return text;
  }

  /** The URL (or data URL) of an image part; else null. */
  public String imageUrl() {
    return imageUrl;
  }

  /** The detail level of an image part, when given; else null. */
  public String detail() {
    return detail;
  }

  /** The part in OpenAI's JSON shape. */
  public Map<String, Object> toJson() {
    if (json != null) {
      return json;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    if (text != null) {
      out.put("text", text);
    } else {
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("url", imageUrl);
      if (detail != null) {
        image.put("detail", detail);
      }
      out.put("image_url", image);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentPart && toJson().equals(((ContentPart) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    if (text != null) {
      return text;
    }
    if (imageUrl != null) {
      return "[image " + (imageUrl.startsWith("data:") ? imageUrl.substring(0, imageUrl.indexOf(',') + 1) + "..." : imageUrl) + "]";
    }
    return "[" + type + "]";
  }
}
