package dev.pylayer.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of pylayer-core is the one docs/architecture.md documents, read from that
 * file: a package may depend only on the packages its line lists after the arrow ("→ files,
 * pep."; "all of the above" for the pipeline). A new edge fails here until the document says
 * so, a package missing from the document fails, and the graph stays free of cycles.
 */
class PackageDependenciesTest {

  private static final String ROOT = "dev.pylayer";
  private static final Pattern LINE =
      Pattern.compile("^([a-z]+) {2,}(?:→ ([^.]+)\\.)?");

  static JavaClasses classes;
  static Map<String, List<String>> documented;

  @BeforeAll
  static void read() throws IOException {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
    documented = documentedGraph(architectureDoc());
  }

  /** docs/architecture.md, found from the module's directory (Maven runs tests there). */
  static Path architectureDoc() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path doc = dir.resolve("docs/architecture.md");
      if (Files.isRegularFile(doc)) {
        return doc;
      }
    }
    throw new IllegalStateException("docs/architecture.md not found above "
        + Path.of("").toAbsolutePath());
  }

  /** Package → the packages it may use, from the code block under "Packages of pylayer-core". */
  static Map<String, List<String>> documentedGraph(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    int start = lines.indexOf("## Packages of pylayer-core");
    assertThat(start).as("section '## Packages of pylayer-core' in " + doc).isNotNegative();
    Map<String, List<String>> graph = new LinkedHashMap<>();
    boolean inBlock = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("```")) {
        if (inBlock) {
          break;
        }
        inBlock = true;
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!inBlock || !m.find()) {
        continue;
      }
      List<String> uses = new ArrayList<>();
      if (m.group(2) != null) {
        String list = m.group(2).strip();
        if (list.equals("all of the above")) {
          uses.addAll(graph.keySet());
        } else {
          for (String name : list.split(",")) {
            uses.add(name.strip());
          }
        }
      }
      graph.put(m.group(1), uses);
    }
    return graph;
  }

  @Test
  void everyPackageOfTheCodeIsDocumented() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass c : classes) {
      String name = c.getPackageName();
      if (name.startsWith(ROOT + ".")) {
        packages.add(name.substring(ROOT.length() + 1).split("\\.")[0]);
      }
    }
    assertThat(documented.keySet())
        .as("packages of pylayer-core missing from docs/architecture.md")
        .containsAll(packages);
  }

  @Test
  void packagesDependOnlyOnWhatDocsArchitectureMdLists() {
    LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String name : documented.keySet()) {
      architecture = architecture.layer(name).definedBy(ROOT + "." + name + "..");
    }
    for (Map.Entry<String, List<String>> entry : documented.entrySet()) {
      List<String> uses = entry.getValue();
      architecture = uses.isEmpty()
          ? architecture.whereLayer(entry.getKey()).mayNotAccessAnyLayer()
          : architecture.whereLayer(entry.getKey()).mayOnlyAccessLayers(
              uses.toArray(new String[0]));
    }
    architecture.because("docs/architecture.md lists each package's dependencies; add an edge"
        + " there first if it is wanted").check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
  }
}
