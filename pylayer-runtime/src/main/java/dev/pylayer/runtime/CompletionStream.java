package dev.pylayer.runtime;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed completion: chunks are delivered as the provider sends them.
 *
 * <pre>{@code
 * try (CompletionStream stream = client.stream(request)) {
 *   for (ChatChunk chunk : stream) {
 *     System.out.print(chunk.deltaContent());
 *   }
 * }
 * }</pre>
 *
 * Iterate once, from one thread. {@link #cancel()} (from any thread) or {@link #close()} before the
 * end cancels the call; iteration then ends quietly. A failure arrives as a {@link LiteLlmException}
 * from {@code hasNext()}/{@code next()}; with {@link LiteLlmClient}, waiting longer than the call's
 * timeout for the next chunk cancels the call and throws {@link LiteLlmTimeoutException}.
 */
public interface CompletionStream extends Iterable<ChatChunk>, AutoCloseable {

  /** A stream that yields {@code chunks} and ends, e.g. for a {@link ChatClient} test double. */
  static CompletionStream of(List<ChatChunk> chunks) {
    return new FixedCompletionStream(chunks);
  }

  /** The chunks, in order; may be called once. */
  @Override
  Iterator<ChatChunk> iterator();

  /** The chunks as a sequential {@link Stream}; closing it cancels the call if still running. */
  default Stream<ChatChunk> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  /** Cancels the call if it still runs; iteration then ends. Safe from any thread. */
  void cancel();

  /** Whether the stream ended, failed or was cancelled. */
  boolean isDone();

  /** Same as {@link #cancel()}: a stream closed before its end is cancelled. */
  @Override
  default void close() {
    cancel();
  }
}
