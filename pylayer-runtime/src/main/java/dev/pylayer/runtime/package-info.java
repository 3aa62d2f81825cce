/**
 * Calls LiteLLM in a pylayer layer from JVM code through one persistent Python worker.
 *
 * <h2>Public API</h2>
 *
 * <p>These types are the API; everything else in this package is package-private and may change.
 * {@code PublicApiTest} fails when a public type is added without being listed here.
 *
 * <ul>
 *   <li>Clients: {@link dev.pylayer.runtime.ChatClient} (the interface functions and adapters depend
 *       on), {@link dev.pylayer.runtime.LiteLlmClient} (its implementation on one Python worker, with
 *       its {@code Options}), {@link dev.pylayer.runtime.WorkerInfo}.
 *   <li>LiteLLM's Router: {@link dev.pylayer.runtime.LiteLlmRouter} (a ChatClient over a client's
 *       worker: deployments per model group, retries, fallbacks), {@link
 *       dev.pylayer.runtime.RouterDeployment}, {@link dev.pylayer.runtime.RoutingStrategy}. Cost and
 *       tokens: {@code LiteLlmClient.cost}, {@code estimateCost} and {@code countTokens}.
 *   <li>Requests: {@link dev.pylayer.runtime.ChatRequest}, {@link dev.pylayer.runtime.ChatMessage},
 *       {@link dev.pylayer.runtime.ContentPart} (text and image parts), {@link
 *       dev.pylayer.runtime.Tool}, {@link dev.pylayer.runtime.FunctionTool}, {@link
 *       dev.pylayer.runtime.ToolChoice}, {@link dev.pylayer.runtime.ResponseFormat}, {@link
 *       dev.pylayer.runtime.EmbeddingRequest}.
 *   <li>Responses: {@link dev.pylayer.runtime.ChatResponse}, {@link dev.pylayer.runtime.ChatChoice},
 *       {@link dev.pylayer.runtime.ToolCall}, {@link dev.pylayer.runtime.Usage}, {@link
 *       dev.pylayer.runtime.CompletionStream}, {@link dev.pylayer.runtime.ChatChunk}, {@link
 *       dev.pylayer.runtime.EmbeddingResponse}.
 *   <li>Errors, all unchecked: {@link dev.pylayer.runtime.LiteLlmException} and, one per LiteLLM
 *       error class, {@link dev.pylayer.runtime.BadRequestException}, {@link
 *       dev.pylayer.runtime.AuthenticationException}, {@link
 *       dev.pylayer.runtime.PermissionDeniedException}, {@link
 *       dev.pylayer.runtime.NotFoundException}, {@link
 *       dev.pylayer.runtime.ContextWindowExceededException}, {@link
 *       dev.pylayer.runtime.RateLimitException}, {@link
 *       dev.pylayer.runtime.InternalServerException}, {@link
 *       dev.pylayer.runtime.ServiceUnavailableException}, {@link
 *       dev.pylayer.runtime.ApiConnectionException}, {@link
 *       dev.pylayer.runtime.LiteLlmTimeoutException}; and the bridge's own {@link
 *       dev.pylayer.runtime.WorkerCrashedException}, {@link
 *       dev.pylayer.runtime.LiteLlmProtocolException}, {@link
 *       dev.pylayer.runtime.PythonNotFoundException}.
 *   <li>The interpreter: {@link dev.pylayer.runtime.PythonRuntime} (finds the layer's Python), {@link
 *       dev.pylayer.runtime.PythonExec} (one-off scripts), {@link dev.pylayer.runtime.ExecResult},
 *       {@link dev.pylayer.runtime.EnvironmentReport}.
 *   <li>Lambda handlers: {@link dev.pylayer.runtime.Json} (parse and write JSON with plain JDK
 *       types: a {@code RequestStreamHandler} reads its event and writes its answer with it and
 *       skips the Lambda runtime's POJO serializer).
 * </ul>
 *
 * <p>Internal, not API: the worker process and its protocol, the redaction of secrets, the stderr
 * tail.
 */
package dev.pylayer.runtime;
