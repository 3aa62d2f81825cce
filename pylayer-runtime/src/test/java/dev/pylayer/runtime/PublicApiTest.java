package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The public types of the jar are exactly those the package docs list as the API. */
class PublicApiTest {
  private static final Pattern LINK = Pattern.compile("\\{@link\\s+dev\\.pylayer\\.runtime\\.(\\w+)");

  @Test
  void publicTypesAreTheDocumentedApi() throws Exception {
    Set<String> documented = new TreeSet<>();
    // Javadoc lines joined without their leading " * ", so a link broken over two lines still matches.
    String docs = Files.readString(Path.of("src/main/java/dev/pylayer/runtime/package-info.java")).replaceAll("\n\\s*\\*", " ");
    Matcher m = LINK.matcher(docs);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(publicTopLevelTypes()).isEqualTo(documented);
    // Json is public for Lambda stream handlers (examples/java-lambda); the worker's machinery is not.
    assertThat(documented).contains("ChatClient", "LiteLlmClient", "FunctionTool", "ToolChoice", "ResponseFormat", "ContentPart", "Json")
        .doesNotContain("WorkerProcess", "Redactor");
  }

  private static Set<String> publicTopLevelTypes() throws IOException, ClassNotFoundException {
    Path classes = Path.of(LiteLlmClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()).resolve("dev/pylayer/runtime");
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class")) {
          String simple = name.substring(0, name.length() - ".class".length());
          if (Modifier.isPublic(Class.forName("dev.pylayer.runtime." + simple).getModifiers())) {
            names.add(simple);
          }
        }
      }
    }
    return names;
  }
}
