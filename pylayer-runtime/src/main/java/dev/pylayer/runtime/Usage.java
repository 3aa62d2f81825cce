package dev.pylayer.runtime;

import java.util.Map;

/**
 * Token counts of a call.
 *
 * @param promptTokens tokens in the input
 * @param completionTokens tokens generated (0 for embeddings)
 * @param totalTokens their sum as the provider reports it
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens) {

  static Usage fromJson(Map<String, Object> json) {
    if (json == null) {
      return null;
    }
    Integer prompt = JsonFields.integer(json, "prompt_tokens");
    Integer completion = JsonFields.integer(json, "completion_tokens");
    Integer total = JsonFields.integer(json, "total_tokens");
    return new Usage(
        prompt == null ? 0 : prompt, completion == null ? 0 : completion, total == null ? 0 : total);
  }
}
