package dev.pylayer.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * LiteLLM's {@code Router} in the worker: several deployments per model group, with retries,
 * fallbacks to other groups and a routing strategy. Callers name a model group as the request's
 * model; the router picks a deployment, retries, and falls back as configured.
 *
 * <pre>{@code
 * ChatClient router = LiteLlmRouter.builder(client)
 *     .deployment(RouterDeployment.builder("chat", "openai/gpt-4o-mini").apiKey(openAiKey).build())
 *     .deployment(RouterDeployment.builder("chat-backup", "anthropic/claude-3-5-haiku-latest").apiKey(key).build())
 *     .fallback("chat", "chat-backup")
 *     .numRetries(2)
 *     .routingStrategy(RoutingStrategy.LEAST_BUSY)
 *     .build();
 * ChatResponse answer = router.completion(ChatRequest.builder("chat").message(ChatMessage.user("Hi")).build());
 * }</pre>
 *
 * The configuration travels with each call and the worker builds the Router on first use (again
 * after a worker restart), so a router needs no set-up round trip. The router shares its client's
 * worker and does not own it: {@link #close()} leaves the client open.
 */
public final class LiteLlmRouter implements ChatClient {
  private final LiteLlmClient client;
  private final String specJson;
  private final List<String> secrets;
  private final List<RouterDeployment> deployments;

  private LiteLlmRouter(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    if (b.deployments.isEmpty()) {
      throw new IllegalArgumentException("a LiteLlmRouter needs at least one deployment");
    }
    List<String> groups = new ArrayList<>();
    List<Object> modelList = new ArrayList<>();
    List<String> found = new ArrayList<>();
    for (RouterDeployment d : b.deployments) {
      groups.add(d.group());
      modelList.add(d.toJson());
      found.addAll(d.secrets());
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("model_list", modelList);
    List<Object> fallbacks = new ArrayList<>();
    for (Map.Entry<String, List<String>> f : b.fallbacks.entrySet()) {
      for (String target : f.getValue()) {
        if (!groups.contains(target)) {
          throw new IllegalArgumentException("fallback " + f.getKey() + " -> " + target + ": no deployment has the group '"
              + target + "'; groups are " + groups);
        }
      }
      fallbacks.add(Map.of(f.getKey(), f.getValue()));
    }
    if (!fallbacks.isEmpty()) {
      config.put("fallbacks", fallbacks);
    }
    if (b.numRetries != null) {
      config.put("num_retries", b.numRetries);
    }
    if (b.routingStrategy != null) {
      config.put("routing_strategy", b.routingStrategy.litellmName());
    }
    if (b.timeout != null) {
      config.put("timeout", b.timeout.toMillis() / 1000.0);
    }
    config.putAll(b.settings);
    Map<String, Object> spec = new LinkedHashMap<>();
    // One id per router: the worker keeps the Router it built under it.
    spec.put("id", UUID.randomUUID().toString());
    spec.put("config", config);
    this.specJson = Json.write(spec);
    this.secrets = List.copyOf(found);
    this.deployments = List.copyOf(b.deployments);
  }

  /** A builder for a router on {@code client}'s worker. */
  public static Builder builder(LiteLlmClient client) {
    return new Builder(client);
  }

  /** The deployments, in the order given. */
  public List<RouterDeployment> deployments() {
    return deployments;
  }

  /** The request's parameters with the router spec first: the worker takes it out and calls the Router. */
  private String routed(String paramsJson) {
    return "{\"router\":" + specJson + "," + paramsJson.substring(1);
  }

  @Override
  public ChatResponse completion(ChatRequest request) {
    return client.completion(request, routed(request.paramsJson()), secrets);
  }

  @Override
  public CompletableFuture<ChatResponse> completionAsync(ChatRequest request) {
    return client.completionAsync(request, routed(request.paramsJson()), secrets);
  }

  @Override
  public CompletionStream stream(ChatRequest request) {
    return client.stream(request, routed(request.paramsJson()), secrets);
  }

  @Override
  public EmbeddingResponse embedding(EmbeddingRequest request) {
    return client.embedding(request, routed(request.paramsJson()), secrets);
  }

  @Override
  public CompletableFuture<EmbeddingResponse> embeddingAsync(EmbeddingRequest request) {
    return client.embeddingAsync(request, routed(request.paramsJson()), secrets);
  }

  /** Leaves the client and its worker running: the router does not own them. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "LiteLlmRouter" + deployments;
  }

  /** Builds a {@link LiteLlmRouter}. */
  public static final class Builder {
    private final LiteLlmClient client;
    private final List<RouterDeployment> deployments = new ArrayList<>();
    private final Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private Integer numRetries;
    private RoutingStrategy routingStrategy;
    private Duration timeout;

    private Builder(LiteLlmClient client) {
      this.client = client;
    }

    /** Adds a deployment; several with one group name share its calls. */
    public Builder deployment(RouterDeployment deployment) {
      deployments.add(Objects.requireNonNull(deployment, "deployment"));
      return this;
    }

    /** When a call to {@code group} fails (after its retries), the groups to try next, in order. */
    public Builder fallback(String group, String... fallbackGroups) {
      fallbacks.computeIfAbsent(Objects.requireNonNull(group, "group"), g -> new ArrayList<>()).addAll(List.of(fallbackGroups));
      return this;
    }

    /** Retries of a failed call within its group before falling back. */
    public Builder numRetries(int numRetries) {
      if (numRetries < 0) {
        throw new IllegalArgumentException("numRetries must be 0 or more, got " + numRetries);
      }
      this.numRetries = numRetries;
      return this;
    }

    /** How a deployment of a group is picked. */
    public Builder routingStrategy(RoutingStrategy routingStrategy) {
      this.routingStrategy = routingStrategy;
      return this;
    }

    /** The Router's timeout for one provider call (LiteLLM's {@code timeout}, in seconds there). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Any other argument of LiteLLM's {@code Router(...)}, as it is: allowed_fails, cooldown_time, retry_after, ... */
    public Builder setting(String name, Object value) {
      settings.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /**
     * The router.
     *
     * @throws IllegalArgumentException when there is no deployment or a fallback names an unknown group
     */
    public LiteLlmRouter build() {
      return new LiteLlmRouter(this);
    }
  }
}
