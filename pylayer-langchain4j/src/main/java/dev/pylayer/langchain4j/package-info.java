/**
 * LangChain4j models over pylayer-runtime: LiteLLM runs in one persistent Python worker next to the
 * JVM, so any of LiteLLM's providers answers through LangChain4j's {@code ChatModel}, {@code
 * StreamingChatModel} and {@code EmbeddingModel}, with no LiteLLM proxy server.
 *
 * <ul>
 *   <li>{@link dev.pylayer.langchain4j.LiteLlmChatModel}: {@code ChatModel}, works with {@code
 *       AiServices} (tools, JSON-schema structured output).
 *   <li>{@link dev.pylayer.langchain4j.LiteLlmStreamingChatModel}: {@code StreamingChatModel}.
 *   <li>{@link dev.pylayer.langchain4j.LiteLlmEmbeddingModel}: {@code EmbeddingModel}.
 * </ul>
 *
 * LiteLLM's errors arrive as LangChain4j's exception types ({@code RateLimitException}, {@code
 * AuthenticationException}, ...), with the pylayer exception as the cause.
 */
package dev.pylayer.langchain4j;
