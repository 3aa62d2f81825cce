package dev.pylayer.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordUpdaterTest {

  @TempDir Path root;

  private static String hash(byte[] bytes) throws Exception {
    return "sha256=" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void recordListsTheBytecodeThatReplacedSourcesNewHashesForChangedFilesAndNothingThatIsGone()
      throws Exception {
    Files.createDirectories(root.resolve("pkg"));
    Files.createDirectories(root.resolve("pkg-1.0.dist-info"));
    byte[] data = "data".getBytes();
    byte[] original = "from .a import A as A\nfrom .b import B as B\n".getBytes();
    Files.write(root.resolve("pkg/data.bin"), data);
    Files.write(root.resolve("pkg/mod.pyc"), new byte[] {1, 2, 3}); // pkg/mod.py was compiled away
    String changed = "# pylayer: lazy\n";
    Files.writeString(root.resolve("pkg/__init__.py"), changed); // kept source, rewritten
    Files.writeString(root.resolve("pkg-1.0.dist-info/METADATA"), "Name: pkg\n");
    String record = String.join("\n",
        "pkg/__init__.py," + hash(original) + "," + original.length,
        "pkg/mod.py," + hash("x = 1\n".getBytes()) + ",6",
        "pkg/data.bin," + hash(data) + "," + data.length,
        "pkg/tests/test_gone.py," + hash("gone".getBytes()) + ",4",
        "pkg-1.0.dist-info/METADATA," + hash("Name: pkg\n".getBytes()) + ",10",
        "pkg-1.0.dist-info/RECORD,,",
        "");
    Files.writeString(root.resolve("pkg-1.0.dist-info/RECORD"), record);

    assertThat(RecordUpdater.update(root)).isEqualTo(1);

    assertThat(Files.readString(root.resolve("pkg-1.0.dist-info/RECORD")).lines()).containsExactly(
        "pkg/__init__.py," + hash(changed.getBytes()) + "," + changed.length(),
        "pkg/mod.pyc,,",
        "pkg/data.bin," + hash(data) + "," + data.length,
        "pkg-1.0.dist-info/METADATA," + hash("Name: pkg\n".getBytes()) + ",10",
        "pkg-1.0.dist-info/RECORD,,");
    assertThat(RecordUpdater.update(root)).isZero(); // already true: left alone
  }
}
