package dev.pylayer.runtime;

/** How {@link LiteLlmRouter} picks a deployment of a model group: LiteLLM Router's routing strategies. */
public enum RoutingStrategy {
  /** A random deployment, weighted by rpm/tpm when given (LiteLLM's default). */
  SIMPLE_SHUFFLE("simple-shuffle"),
  /** The deployment with the fewest calls in flight. */
  LEAST_BUSY("least-busy"),
  /** The deployment furthest from its rpm/tpm limits. */
  USAGE_BASED("usage-based-routing"),
  /** The deployment that answered fastest lately. */
  LATENCY_BASED("latency-based-routing"),
  /** The cheapest deployment by LiteLLM's cost map. */
  COST_BASED("cost-based-routing");

  private final String litellmName;

  RoutingStrategy(String litellmName) {
    this.litellmName = litellmName;
  }

  /** The name LiteLLM's Router takes ({@code routing_strategy}). */
  public String litellmName() {
    return litellmName;
  }
}
