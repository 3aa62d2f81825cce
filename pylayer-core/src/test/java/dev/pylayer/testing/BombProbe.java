package dev.pylayer.testing;

import dev.pylayer.archive.ArchiveExtractor;
import dev.pylayer.archive.UnpackLimitException;
import dev.pylayer.install.InstallScheme;
import dev.pylayer.install.WheelInstallException;
import dev.pylayer.install.WheelInstaller;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@code SmallHeapBombTest}: builds a bomb, unpacks it
 * with pylayer's default limits and exits 0 when the limit stopped it, 1 when it unpacked, 2 on
 * {@link OutOfMemoryError}, 3 on any other failure (printed).
 *
 * <p>Arguments: {@code wheel|tar} and a scratch directory.
 */
public final class BombProbe {

  private BombProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    try {
      if (args[0].equals("wheel")) {
        Path wheel = Bombs.zipBombWheel(dir.resolve("wheels"), 3_200_000_000L);
        WheelInstaller.create(InstallScheme.sitePackagesOnly(dir.resolve("site-packages")))
            .install(wheel);
      } else {
        Path tar = Bombs.tarBomb(dir.resolve("archives"), 3_200_000_000L);
        ArchiveExtractor.create().extract(tar, dir.resolve("layer"));
      }
      System.out.println("UNPACKED");
      System.exit(1);
    } catch (UnpackLimitException | WheelInstallException e) {
      System.out.println("STOPPED " + e.getMessage());
      System.out.println("MAX_HEAP " + Runtime.getRuntime().maxMemory());
      System.exit(e instanceof UnpackLimitException || e.getCause() instanceof UnpackLimitException
          ? 0 : 3);
    } catch (OutOfMemoryError e) {
      System.out.println("OOM " + e.getMessage());
      System.exit(2);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(3);
    }
  }
}
