package dev.pylayer.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelDeflaterTest {

  @TempDir Path dir;

  @Test
  void resultsComeBackInOrderAndInflateToTheFiles() throws Exception {
    List<Path> files = files(40);
    List<ParallelDeflater.Compressed> results = compress(new ParallelDeflater(9, 4, 10_000), files);

    assertThat(results).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      byte[] original = Files.readAllBytes(files.get(i));
      ParallelDeflater.Compressed result = results.get(i);
      assertThat(result.size()).isEqualTo(original.length);
      CRC32 crc = new CRC32();
      crc.update(original);
      assertThat(result.crc()).isEqualTo(crc.getValue());
      assertThat(inflate(result)).isEqualTo(original);
    }
  }

  @Test
  void bytesDoNotDependOnThreadsOrReadAhead() throws Exception {
    List<Path> files = files(25);
    List<ParallelDeflater.Compressed> serial = compress(new ParallelDeflater(9, 1, 1), files);
    List<ParallelDeflater.Compressed> parallel =
        compress(new ParallelDeflater(9, 3, 1L << 30), files);

    for (int i = 0; i < files.size(); i++) {
      assertThat(bytes(parallel.get(i))).isEqualTo(bytes(serial.get(i)));
    }
  }

  @Test
  void aMissingFileFailsWhenItsTurnComes() throws Exception {
    List<Path> files = new ArrayList<>(files(2));
    files.add(dir.resolve("gone.txt"));
    try (ParallelDeflater deflater = new ParallelDeflater(6, 2, 1 << 20)) {
      Iterator<ParallelDeflater.Compressed> results =
          deflater.compressAll(files.iterator(), sizes(files).iterator());
      results.next();
      results.next();
      assertThatThrownBy(results::next)
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void largeFilesAreCompressedStreamingToTheSameBytesAndTheSpillFilesAreDeleted()
      throws Exception {
    List<Path> files = files(12);
    Path spill = Files.createDirectories(dir.resolve("spill"));
    List<ParallelDeflater.Compressed> inMemory = compress(new ParallelDeflater(9, 2, 1 << 20),
        files);
    List<ParallelDeflater.Compressed> streamed = compress(
        new ParallelDeflater(9, 2, 1 << 20, 1_000, spill), files);

    for (int i = 0; i < files.size(); i++) {
      ParallelDeflater.Compressed result = streamed.get(i);
      assertThat(result.spill() != null).isEqualTo(Files.size(files.get(i)) > 1_000);
      assertThat(inflate(result)).isEqualTo(Files.readAllBytes(files.get(i)));
      assertThat(bytes(result)).isEqualTo(bytes(inMemory.get(i)));
      assertThat(result.crc()).isEqualTo(inMemory.get(i).crc());
      result.close();
    }
    assertThat(spill).isEmptyDirectory();
  }

  @Test
  void levelZeroHandsBackEachFileAsItIsInMemoryAndStreaming() throws Exception {
    List<Path> files = files(8);
    Path spill = Files.createDirectories(dir.resolve("spill"));
    List<ParallelDeflater.Compressed> stored = compress(
        new ParallelDeflater(0, 2, 1 << 20, 1_000, spill), files);

    for (int i = 0; i < files.size(); i++) {
      ParallelDeflater.Compressed result = stored.get(i);
      byte[] original = Files.readAllBytes(files.get(i));
      assertThat(bytes(result)).isEqualTo(original); // no DEFLATE framing: the STORED method
      assertThat(result.length()).isEqualTo(original.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(original);
      assertThat(result.crc()).isEqualTo(crc.getValue());
      result.close();
    }
    assertThat(spill).isEmptyDirectory();
  }

  private List<Path> files(int count) throws Exception {
    Random random = new Random(count);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Mixed sizes, some compressible text and some random bytes, one empty file.
      byte[] content = new byte[i == 0 ? 0 : random.nextInt(40_000)];
      if (i % 2 == 0) {
        random.nextBytes(content);
      } else {
        Arrays.fill(content, (byte) ('a' + i % 26));
      }
      Path file = dir.resolve("f" + i);
      Files.write(file, content);
      files.add(file);
    }
    return files;
  }

  private static List<Long> sizes(List<Path> files) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (Path file : files) {
      sizes.add(Files.exists(file) ? Files.size(file) : 0L);
    }
    return sizes;
  }

  private static List<ParallelDeflater.Compressed> compress(ParallelDeflater deflater,
      List<Path> files) throws Exception {
    try (deflater) {
      List<ParallelDeflater.Compressed> results = new ArrayList<>();
      deflater.compressAll(files.iterator(), sizes(files).iterator())
          .forEachRemaining(results::add);
      return results;
    }
  }

  private static byte[] bytes(ParallelDeflater.Compressed compressed) throws Exception {
    try (var in = compressed.open()) {
      return in.readAllBytes();
    }
  }

  private static byte[] inflate(ParallelDeflater.Compressed compressed) throws Exception {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes(compressed));
      byte[] out = new byte[(int) compressed.size()];
      int length = 0;
      while (length < out.length && !inflater.finished()) {
        length += inflater.inflate(out, length, out.length - length);
      }
      return out;
    } finally {
      inflater.end();
    }
  }
}
