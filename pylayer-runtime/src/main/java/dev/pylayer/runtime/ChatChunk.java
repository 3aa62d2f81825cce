package dev.pylayer.runtime;

import java.util.List;
import java.util.Map;

/** One chunk of a streamed completion; {@link ChatChoice#message()} holds the delta. */
public final class ChatChunk {
  private final String id;
  private final String model;
  private final List<ChatChoice> choices;
  private final Usage usage;
  private final String rawJson;

  private ChatChunk(Map<String, Object> json, String rawJson) {
    this.id = JsonFields.string(json, "id");
    this.model = JsonFields.string(json, "model");
    this.choices = JsonFields.objects(json, "choices", c -> ChatChoice.fromJson(c, "delta"));
    this.usage = Usage.fromJson(JsonFields.object(json, "usage"));
    this.rawJson = rawJson;
  }

  static ChatChunk fromJson(Map<String, Object> json, String rawJson) {
    return new ChatChunk(json, rawJson);
  }

  /**
   * Reads one in OpenAI's JSON shape, e.g. to build answers for a {@link ChatClient} test double or
   * from a response stored earlier.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static ChatChunk parse(String json) {
    return new ChatChunk(Json.parseObject(json), json);
  }

  /** The completion id shared by all chunks of a stream. */
  public String id() {
    return id;
  }

  /** The model. */
  public String model() {
    return model;
  }

  /** The choices' deltas. */
  public List<ChatChoice> choices() {
    return choices;
  }

  /** The text this chunk adds to the first choice; "" when none. */
  public String deltaContent() {
    if (choices.isEmpty()) {
      return "";
    }
    String content = choices.get(0).message().content();
    return content == null ? "" : content;
  }

  /** The first choice's finish reason, set on the last content chunk; else null. */
  public String finishReason() {
    return choices.isEmpty() ? null : choices.get(0).finishReason();
  }

  /** Usage, when the provider sends it (often only on the last chunk); else null. */
  public Usage usage() {
    return usage;
  }

  /** The chunk exactly as the worker sent it. */
  public String rawJson() {
    return rawJson;
  }

  @Override
  public String toString() {
    return "ChatChunk{" + rawJson + "}";
  }
}
