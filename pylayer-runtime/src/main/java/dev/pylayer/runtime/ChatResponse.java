package dev.pylayer.runtime;

import java.util.List;
import java.util.Map;

/** A chat completion in OpenAI's shape, with the JSON LiteLLM returned available as {@link #rawJson()}. */
public final class ChatResponse {
  private final String id;
  private final long created;
  private final String model;
  private final List<ChatChoice> choices;
  private final Usage usage;
  private final String rawJson;

  private ChatResponse(Map<String, Object> json, String rawJson) {
    this.id = JsonFields.string(json, "id");
    this.created = JsonFields.longValue(json, "created", 0);
    this.model = JsonFields.string(json, "model");
    this.choices = JsonFields.objects(json, "choices", c -> ChatChoice.fromJson(c, "message"));
    this.usage = Usage.fromJson(JsonFields.object(json, "usage"));
    this.rawJson = rawJson;
  }

  static ChatResponse fromJson(Map<String, Object> json, String rawJson) {
    return new ChatResponse(json, rawJson);
  }

  /**
   * Reads one in OpenAI's JSON shape, e.g. to build answers for a {@link ChatClient} test double or
   * from a response stored earlier.
   *
   * @throws IllegalArgumentException when {@code json} is not a JSON object
   */
  public static ChatResponse parse(String json) {
    return new ChatResponse(Json.parseObject(json), json);
  }

  /** The provider's completion id. */
  public String id() {
    return id;
  }

  /** Unix seconds when created. */
  public long created() {
    return created;
  }

  /** The model that answered, as the provider names it. */
  public String model() {
    return model;
  }

  /** The choices (one unless {@code n} was set). */
  public List<ChatChoice> choices() {
    return choices;
  }

  /** The first choice's message. */
  public ChatMessage message() {
    if (choices.isEmpty()) {
      throw new IllegalStateException("the response has no choices: " + rawJson);
    }
    return choices.get(0).message();
  }

  /** The first choice's text content; null when it holds only tool calls. */
  public String content() {
    return message().content();
  }

  /** Token usage; null when the provider reported none. */
  public Usage usage() {
    return usage;
  }

  /** The response exactly as the worker sent it (LiteLLM's {@code model_dump()}). */
  public String rawJson() {
    return rawJson;
  }

  @Override
  public String toString() {
    return "ChatResponse{id=" + id + ", model=" + model + ", choices=" + choices + ", usage=" + usage + "}";
  }
}
