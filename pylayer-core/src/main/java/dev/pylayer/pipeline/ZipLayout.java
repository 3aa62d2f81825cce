package dev.pylayer.pipeline;

import dev.pylayer.files.BundledResources;
import dev.pylayer.files.FileTrees;
import dev.pylayer.install.InstalledDistribution;
import dev.pylayer.install.InstalledFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The seed's zip layout: pure-Python distributions move out of {@code site-packages/} into a
 * staging tree that becomes {@code site-packages.zip}, and {@code sitecustomize.py} puts the zip on
 * {@code sys.path}. A distribution stays a directory when zipimport could not serve it: it has
 * extension modules or bundled shared libraries (zipimport never loads {@code .so}), {@code .pth}
 * files (only read from site directories), or code that locates its own files through {@code
 * __file__} and a path function ({@code os.path.dirname(__file__)}, {@code Path(__file__).parent},
 * {@code os.path.join(..., __file__ ...)}: a path inside a zip is not a directory anyone can
 * open). A bare {@code __file__} (logging, {@code if __name__} blocks) does not keep a package out.
 * Nor does a distribution that ships data files and reads them through {@code importlib.resources},
 * {@code pkg_resources} or {@code pkgutil}: those APIs work inside a zip, but each use parses the
 * zip's whole central directory, and {@code as_file()} (certifi's CA bundle, which requests and
 * httpx load at import) copies the file to a temporary one in every process.
 *
 * <p>LiteLLM points tiktoken's cache at {@code litellm/llms/tokenizers} inside its package (and
 * honours {@code CUSTOM_TIKTOKEN_CACHE_DIR}); without a real directory there, tiktoken tries to
 * download its encodings. That folder therefore always stays a directory, and {@code
 * sitecustomize.py} sets {@code CUSTOM_TIKTOKEN_CACHE_DIR} to it (unless the user set it).
 */
final class ZipLayout {

  /** The zip's name, beside site-packages in {@code lib/python3.X/}. */
  static final String ZIP_NAME = "site-packages.zip";

  private static final Pattern OWN_FILE_ACCESS = Pattern.compile(
      "(?:\\b(?:dirname|abspath|realpath|join|split|Path|PurePath|open)\\s*\\([^()\\n]*"
          + "(?:\\([^()\\n]*\\)[^()\\n]*)*\\b__file__\\b)"
          + "|(?:\\b__file__\\s*\\)\\s*\\.\\s*(?:parent|resolve|with_name|joinpath))");

  /** The standard ways to read a package's data files by package name rather than by path. */
  private static final Pattern RESOURCE_ACCESS = Pattern.compile(
      "\\b(?:importlib[._]resources|importlib_resources|pkg_resources"
          + "|pkgutil\\s*\\.\\s*get_data)\\b");

  /** litellm's tiktoken cache, relative to site-packages. */
  static final String TIKTOKEN_CACHE = "litellm/llms/tokenizers";

  /** Which distributions moved into the zip, and which stayed and why. */
  record Arrangement(List<String> zipped, List<String> kept, String tiktokenCache) {}

  /**
   * Moves the zippable distributions' files from {@code sitePackages} into {@code zipStage},
   * keeping their paths relative to site-packages.
   */
  Arrangement arrange(List<InstalledDistribution> distributions, Path sitePackages, Path zipStage)
      throws IOException {
    List<String> zipped = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (InstalledDistribution dist : distributions) {
      String reason = reasonToKeep(dist);
      if (reason != null) {
        kept.add(dist.name() + " (" + reason + ")");
        continue;
      }
      for (InstalledFile file : dist.files()) {
        Path source = file.location();
        if (!source.startsWith(sitePackages) || !Files.exists(source)) {
          continue;
        }
        Path target = zipStage.resolve(sitePackages.relativize(source).toString());
        Files.createDirectories(target.getParent());
        Files.move(source, target);
      }
      zipped.add(dist.name().toString());
    }
    FileTrees.deleteEmptyDirectoriesBelow(sitePackages);
    String tiktoken = Files.isDirectory(sitePackages.resolve(TIKTOKEN_CACHE))
        ? "site-packages/" + TIKTOKEN_CACHE : null;
    return new Arrangement(zipped, kept, tiktoken);
  }

  /** Why {@code dist} must stay a directory, or null when it can live in the zip. */
  static String reasonToKeep(InstalledDistribution dist) throws IOException {
    if (dist.hasExtensionModules()) {
      return "extension modules";
    }
    for (InstalledFile file : dist.files()) {
      if (file.recordPath().startsWith(TIKTOKEN_CACHE + "/")) {
        return "tiktoken cache in " + TIKTOKEN_CACHE + " must be a real directory";
      }
    }
    boolean shipsData = dist.files().stream().map(InstalledFile::recordPath)
        .anyMatch(ZipLayout::isDataFile);
    for (InstalledFile file : dist.files()) {
      String path = file.recordPath();
      if (path.endsWith(".pth")) {
        return ".pth file " + path;
      }
      if (!path.endsWith(".py") || !Files.isRegularFile(file.location())) {
        continue;
      }
      String source = Files.readString(file.location(), StandardCharsets.ISO_8859_1);
      if (readsOwnFiles(source)) {
        return "reads its own files via __file__ and a path in " + path;
      }
      if (shipsData && RESOURCE_ACCESS.matcher(source).find()) {
        return "reads its data files through importlib.resources or pkgutil in " + path;
      }
    }
    return null;
  }

  /** Whether {@code recordPath} is a file of the package itself that is neither code nor metadata. */
  private static boolean isDataFile(String recordPath) {
    return !recordPath.startsWith("../") && !recordPath.contains(".dist-info/")
        && !recordPath.endsWith(".py") && !recordPath.endsWith(".pyc")
        && !recordPath.endsWith(".pyi") && !recordPath.endsWith("/py.typed");
  }

  /** Whether the Python source file {@code source} builds a path from {@code __file__}. */
  static boolean readsOwnFiles(Path source) throws IOException {
    return readsOwnFiles(Files.readString(source, StandardCharsets.ISO_8859_1));
  }

  /** Whether Python {@code source} builds a path from {@code __file__} (to open files beside it). */
  static boolean readsOwnFiles(String source) {
    return OWN_FILE_ACCESS.matcher(source).find();
  }

  /** {@code sitecustomize.py}: appends the zip to {@code sys.path} after site-packages. */
  static String sitecustomize() {
    return sitecustomize(null);
  }

  /**
   * {@code sitecustomize.py}: appends the zip to {@code sys.path} after site-packages, imports from
   * the layer's zips without reading each module twice ({@code sitecustomize_zip.py}), and points
   * {@code CUSTOM_TIKTOKEN_CACHE_DIR} at {@code tiktokenCache} (relative to the file's directory)
   * when it is not null and the variable is unset.
   */
  static String sitecustomize(String tiktokenCache) {
    String text = BundledResources.text(ZipLayout.class, "sitecustomize_zip.py");
    if (tiktokenCache != null) {
      text += "\n# litellm's tiktoken encodings: a real directory, so tiktoken never downloads them\n"
          + "_tiktoken = _os.path.join(_here, \"" + tiktokenCache + "\")\n"
          + "if _os.path.isdir(_tiktoken):\n"
          + "    _os.environ.setdefault(\"CUSTOM_TIKTOKEN_CACHE_DIR\", _tiktoken)\n"
          + "del _tiktoken\n";
    }
    return text + "del _here, _zip, _zips\n";
  }
}
