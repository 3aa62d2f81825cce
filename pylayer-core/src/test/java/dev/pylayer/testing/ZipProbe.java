package dev.pylayer.testing;

import dev.pylayer.pack.DeterministicZipWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Run in a child JVM with a small heap by {@code DeterministicZipWriterTest}: writes one file of
 * {@code args[1]} MiB (random, so it does not compress away) into {@code args[0]}/tree and zips
 * it. Exits 0 when the zip was written, 2 on {@link OutOfMemoryError}, 3 on anything else.
 */
public final class ZipProbe {

  private ZipProbe() {}

  public static void main(String[] args) {
    try {
      Path dir = Path.of(args[0]);
      Path tree = Files.createDirectories(dir.resolve("tree"));
      byte[] block = new byte[1 << 20];
      Random random = new Random(1);
      try (OutputStream out = Files.newOutputStream(tree.resolve("big.bin"))) {
        for (int i = 0; i < Integer.parseInt(args[1]); i++) {
          random.nextBytes(block);
          out.write(block);
        }
      }
      DeterministicZipWriter.builder().compressionLevel(1).build()
          .write(tree, dir.resolve("out.zip"));
      System.out.println("ZIPPED " + Files.size(dir.resolve("out.zip")) + " MAX_HEAP "
          + Runtime.getRuntime().maxMemory());
      System.exit(0);
    } catch (OutOfMemoryError e) {
      System.out.println("OOM " + e.getMessage());
      System.exit(2);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(3);
    }
  }
}
