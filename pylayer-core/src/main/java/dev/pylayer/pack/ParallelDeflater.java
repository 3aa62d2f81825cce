package dev.pylayer.pack;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Compresses files on every core ahead of a sequential zip writer, handing them back in the order
 * they were asked for.
 *
 * <p>DEFLATE at level 9 is most of a layer build's time when done on one thread (16 s of 34 for
 * LiteLLM). Each entry is compressed on its own with a fresh raw {@link Deflater}, so its bytes
 * depend only on its content and the level: the zip stays byte-for-byte reproducible whatever the
 * number of threads or the order in which they finish. Read-ahead is bounded by {@link
 * #maxBytesInFlight}, so memory stays flat for layers of any size (a single file larger than the
 * bound is still compressed, alone). Files larger than {@link #STREAM_THRESHOLD} are never held in
 * memory: they are compressed streaming into a spill file in the spill directory (beside the zip
 * being written), which {@link Compressed#open()} reads back and {@link Compressed#close()}
 * deletes.
 *
 * <p>Level 0 means store: the "compressed" bytes are the file's own (no DEFLATE framing), for
 * entries the zip writes with the STORED method.
 */
final class ParallelDeflater implements AutoCloseable {

  /** Files above this size are compressed streaming to a spill file instead of in memory. */
  static final long STREAM_THRESHOLD = 16L << 20;

  /**
   * One compressed file: raw DEFLATE data (in memory, or in {@code spill} for large files) with
   * what the zip headers need.
   */
  record Compressed(byte[] data, long length, long crc, long size, Path spill)
      implements AutoCloseable {

    Compressed(byte[] data, int length, long crc, long size) {
      this(data, length, crc, size, null);
    }

    /** The compressed bytes. */
    InputStream open() throws IOException {
      return spill == null ? new ByteArrayInputStream(data, 0, (int) length)
          : new BufferedInputStream(Files.newInputStream(spill), 1 << 16);
    }

    /** Deletes the spill file, if any. */
    @Override
    public void close() throws IOException {
      if (spill != null) {
        Files.deleteIfExists(spill);
      }
    }
  }

  private final int level;
  private final long maxBytesInFlight;
  private final long streamThreshold;
  private final Path spillDirectory;
  private final ExecutorService executor;

  ParallelDeflater(int level, int threads, long maxBytesInFlight) {
    this(level, threads, maxBytesInFlight, STREAM_THRESHOLD, null);
  }

  /**
   * @param streamThreshold files larger than this are compressed streaming into {@code
   *     spillDirectory} (null: the system temp directory)
   */
  ParallelDeflater(int level, int threads, long maxBytesInFlight, long streamThreshold,
      Path spillDirectory) {
    this.level = level;
    this.maxBytesInFlight = maxBytesInFlight;
    this.streamThreshold = streamThreshold;
    this.spillDirectory = spillDirectory;
    this.executor = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "pylayer-deflate");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A deflater with one thread per available core and 64 MiB of read-ahead. */
  static ParallelDeflater forThisMachine(int level) {
    return forThisMachine(level, null);
  }

  /** Like {@link #forThisMachine(int)}, spilling large files into {@code spillDirectory}. */
  static ParallelDeflater forThisMachine(int level, Path spillDirectory) {
    return new ParallelDeflater(level, Runtime.getRuntime().availableProcessors(), 64L << 20,
        STREAM_THRESHOLD, spillDirectory);
  }

  /**
   * Compresses {@code files} (with their sizes as listed), yielding results in the same order;
   * the next files are being compressed while the caller writes the current one.
   */
  Iterator<Compressed> compressAll(Iterator<Path> files, Iterator<Long> sizes) {
    return new Iterator<>() {
      private final Deque<Future<Compressed>> pending = new ArrayDeque<>();
      private final Deque<Long> pendingSizes = new ArrayDeque<>();
      private long bytesInFlight;

      @Override
      public boolean hasNext() {
        fill();
        return !pending.isEmpty();
      }

      @Override
      public Compressed next() {
        fill();
        Future<Compressed> head = pending.removeFirst();
        bytesInFlight -= pendingSizes.removeFirst();
        return await(head);
      }

      private void fill() {
        while (files.hasNext() && (pending.isEmpty() || bytesInFlight < maxBytesInFlight)) {
          Path file = files.next();
          long size = sizes.next();
          pending.addLast(executor.submit(() -> compress(file)));
          pendingSizes.addLast(size);
          bytesInFlight += size;
        }
      }
    };
  }

  private Compressed compress(Path file) throws IOException {
    if (Files.size(file) > streamThreshold) {
      return compressStreaming(file);
    }
    byte[] input = Files.readAllBytes(file);
    CRC32 crc = new CRC32();
    crc.update(input);
    if (level == 0) {
      return new Compressed(input, input.length, crc.getValue(), input.length);
    }
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(input);
      deflater.finish();
      byte[] output = new byte[Math.max(64, input.length + input.length / 1000 + 64)];
      int length = 0;
      while (!deflater.finished()) {
        if (length == output.length) {
          output = Arrays.copyOf(output, output.length * 2);
        }
        length += deflater.deflate(output, length, output.length - length);
      }
      return new Compressed(output, length, crc.getValue(), input.length);
    } finally {
      deflater.end();
    }
  }

  /** Compresses a large file through a fixed-size buffer into a spill file. */
  private Compressed compressStreaming(Path file) throws IOException {
    Path spill = spillDirectory == null
        ? Files.createTempFile(".pylayer-deflate-", ".tmp")
        : Files.createTempFile(spillDirectory, ".pylayer-deflate-", ".tmp");
    CRC32 crc = new CRC32();
    Deflater deflater = new Deflater(level, true);
    long size = 0;
    boolean done = false;
    try (OutputStream spilled = new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16);
        InputStream in = Files.newInputStream(file);
        OutputStream out = level == 0 ? spilled
            : new DeflaterOutputStream(spilled, deflater, 1 << 16)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
      }
      if (out instanceof DeflaterOutputStream deflating) {
        deflating.finish();
      }
      done = true;
    } finally {
      deflater.end();
      if (!done) {
        Files.deleteIfExists(spill);
      }
    }
    return new Compressed(null, Files.size(spill), crc.getValue(), size, spill);
  }

  private static Compressed await(Future<Compressed> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while compressing"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
