/**
 * Spring AI models over pylayer-runtime: LiteLLM runs in one persistent Python worker next to the
 * JVM, so any of LiteLLM's providers answers through Spring AI's {@code ChatModel} (call and
 * streaming) and {@code EmbeddingModel}, with no LiteLLM proxy server.
 *
 * <ul>
 *   <li>{@link dev.pylayer.springai.LiteLlmChatModel} with {@link
 *       dev.pylayer.springai.LiteLlmChatOptions}: tool definitions from Spring AI's tool callbacks
 *       (the ChatClient's {@code ToolCallingAdvisor} runs the tool loop, as for every Spring AI 2.0
 *       model), native structured output as a JSON-schema response format.
 *   <li>{@link dev.pylayer.springai.LiteLlmEmbeddingModel}.
 *   <li>{@link dev.pylayer.springai.PylayerLiteLlmAutoConfiguration}: Spring Boot properties {@code
 *       pylayer.litellm.*}; one worker per application context, closed with it.
 * </ul>
 */
package dev.pylayer.springai;
