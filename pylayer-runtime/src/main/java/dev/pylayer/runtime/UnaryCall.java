package dev.pylayer.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A call answered by one result or error line. */
final class UnaryCall<T> implements PendingCall {
  final CompletableFuture<T> future = new CompletableFuture<>();
  private final Function<WorkerMessage, T> decode;
  private final String description;
  private final boolean probe;

  UnaryCall(Function<WorkerMessage, T> decode, String description) {
    this(decode, description, false);
  }

  UnaryCall(Function<WorkerMessage, T> decode, String description, boolean probe) {
    this.decode = decode;
    this.description = description;
    this.probe = probe;
  }

  @Override
  public boolean isProbe() {
    return probe;
  }

  @Override
  public void onMessage(WorkerMessage message) {
    switch (message.type) {
      case "result":
        T value;
        try {
          value = decode.apply(message);
        } catch (RuntimeException e) {
          future.completeExceptionally(
              new LiteLlmProtocolException("ProtocolError", description + ": unexpected result shape: " + e.getMessage(), null, null, false, e));
          return;
        }
        future.complete(value);
        return;
      case "error":
        future.completeExceptionally(LiteLlmErrors.fromWorker(message.error(), description));
        return;
      case "cancelled":
        future.completeExceptionally(new LiteLlmException("Cancelled", description + " was cancelled in the worker", null, null, false, null));
        return;
      default:
        future.completeExceptionally(
            new LiteLlmProtocolException("ProtocolError", description + ": unexpected message type '" + message.type + "'", null, null, false, null));
    }
  }

  @Override
  public void fail(LiteLlmException error) {
    future.completeExceptionally(error);
  }
}
