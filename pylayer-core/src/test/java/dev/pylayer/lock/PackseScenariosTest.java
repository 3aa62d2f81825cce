package dev.pylayer.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.pylayer.fetch.DownloadCache;
import dev.pylayer.fetch.HttpSettings;
import dev.pylayer.fetch.HttpTransport;
import dev.pylayer.files.Sha256;
import dev.pylayer.index.IndexClient;
import dev.pylayer.index.IndexSource;
import dev.pylayer.pep.Arch;
import dev.pylayer.pep.PackageName;
import dev.pylayer.pep.Requirement;
import dev.pylayer.pep.TargetEnvironment;
import dev.pylayer.pep.Version;
import dev.pylayer.testing.LocalHttpServer;
import dev.pylayer.testing.WheelBuilder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packse resolver scenarios (astral-sh/packse, Apache-2.0/MIT; copied with their licences
 * under {@code src/test/resources/vectors/packse}), each served as a real simple index on
 * 127.0.0.1 with wheels built here, locked by {@link Locker} for one Linux x86_64 target and
 * checked against the scenario's expected result.
 *
 * <p>Reads every {@code *.toml} scenario below the directory in the system property {@code
 * pylayer.scenarios} (default: the copy in test resources), so another set in the same format
 * runs without code changes. One server serves every scenario under {@code /<scenario>/simple/};
 * wheels are built once for the class.
 *
 * <p>Where pylayer differs from the scenario's expectation by design, {@link #BY_DESIGN} says
 * why and the test asserts pylayer's own, clear outcome instead. The differences are:
 *
 * <ul>
 *   <li>Versions published only as sdists ({@code wheel = false}): pylayer installs wheels only
 *       (it builds nothing, so it could not read an sdist's dynamic metadata or install it).
 *       The resolver sees such a version as unusable with the reason "has no wheel, only an
 *       sdist", which the failure names.
 *   <li>Universal resolution ({@code universal = true}) asks for one lock valid on every
 *       platform, forking on markers. pylayer resolves each concrete target (Linux, one machine,
 *       one Python) on its own: a conflict that only exists on other platforms (macOS, "os1")
 *       is not one for Lambda, and a wheel must fit the target's tags (uv's universal mode does
 *       not check tags).
 * </ul>
 */
class PackseScenariosTest {

  /**
   * Why pylayer's outcome differs from a scenario's, and what it is instead.
   *
   * @param failure text pylayer's failure must contain; null when pylayer finds a solution
   */
  record ByDesign(String reason, String failure) {}

  private static final String SDIST = "pylayer installs wheels only; the version has only an sdist";
  private static final String UNIVERSAL = "universal resolution; pylayer resolves the Linux"
      + " target alone, where the conflict on other platforms does not arise";

  static final Map<String, ByDesign> BY_DESIGN = Map.of(
      "incompatible-python-compatible-override-available-no-wheels",
      new ByDesign(SDIST, "a 1.0.0 has no wheel, only an sdist, and pylayer builds no sdists"),
      "incompatible-python-compatible-override-unavailable-no-wheels",
      new ByDesign(SDIST, "a 1.0.0 has no wheel, only an sdist, and pylayer builds no sdists"),
      "incompatible-python-compatible-override-other-wheel",
      new ByDesign(SDIST, "a 2.0.0 requires Python >=3.12 but the target has 3.11.0; a 1.0.0 has"
          + " no wheel, only an sdist"),
      "fork-non-local-fork-marker-transitive", new ByDesign(UNIVERSAL, null),
      "conflict-in-fork", new ByDesign(UNIVERSAL, null),
      "unreachable-wheels", new ByDesign("universal resolution ignores wheel tags; pylayer needs"
          + " a wheel for its target, and b's are all cp312 while the scenario's Python is 3.8",
          "no wheel of b 1.0.0 fits x86_64/cp38/manylinux_2_28"));

  @TempDir static Path work;
  static LocalHttpServer server;
  static final Map<String, JsonNode> scenarios = new TreeMap<>();
  static final Map<String, String> outcomes = new ConcurrentHashMap<>();

  static Path scenarioDir() throws URISyntaxException {
    String property = System.getProperty("pylayer.scenarios");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    return Path.of(PackseScenariosTest.class.getResource("/vectors/packse").toURI());
  }

  @BeforeAll
  static void serveEveryScenario() throws Exception {
    server = LocalHttpServer.start();
    TomlMapper toml = new TomlMapper();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(scenarioDir())) {
      files = walk.filter(p -> p.toString().endsWith(".toml")).sorted()
          .collect(Collectors.toList());
    }
    for (Path file : files) {
      JsonNode scenario = toml.readTree(Files.readString(file));
      String name = scenario.path("name").asText(file.getFileName().toString());
      scenarios.put(name, scenario);
      publish(name, scenario);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (!outcomes.isEmpty()) {
      long passed = outcomes.values().stream().filter(o -> o.equals("pass")).count();
      System.out.println("packse: " + passed + " of " + outcomes.size()
          + " scenarios as expected; by design: " + outcomes.values().stream()
          .filter(o -> o.equals("by-design")).count());
    }
  }

  /** Builds the scenario's wheels and serves its index pages. */
  private static void publish(String scenario, JsonNode root) throws IOException {
    Path wheels = Files.createDirectories(work.resolve(scenario));
    for (Iterator<Map.Entry<String, JsonNode>> projects = root.path("packages").fields();
        projects.hasNext(); ) {
      Map.Entry<String, JsonNode> project = projects.next();
      String name = project.getKey();
      StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body>\n");
      for (Iterator<Map.Entry<String, JsonNode>> versions =
          project.getValue().path("versions").fields(); versions.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = versions.next();
        String version = entry.getKey();
        JsonNode meta = entry.getValue();
        String requiresPython = meta.has("requires_python")
            ? meta.get("requires_python").asText() : ">=3.8";
        boolean yanked = meta.path("yanked").asBoolean(false);
        String attributes = (requiresPython.isEmpty() ? ""
            : " data-requires-python=\"" + requiresPython.replace("<", "&lt;")
                .replace(">", "&gt;") + "\"") + (yanked ? " data-yanked=\"\"" : "");
        if (meta.path("wheel").asBoolean(true)) {
          List<String> tags = new ArrayList<>();
          meta.path("wheel_tags").forEach(t -> tags.add(t.asText()));
          if (tags.isEmpty()) {
            tags.add("py3-none-any");
          }
          for (String tag : tags) {
            WheelBuilder b = WheelBuilder.wheel(name, version).tag(tag)
                .file(name.replace('-', '_') + "/__init__.py", "");
            if (!requiresPython.isEmpty()) {
              b.requiresPython(requiresPython);
            }
            meta.path("requires").forEach(r -> b.requires(r.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> extras = meta.path("extras").fields();
                extras.hasNext(); ) {
              Map.Entry<String, JsonNode> extra = extras.next();
              b.metadata("Provides-Extra", extra.getKey());
              extra.getValue().forEach(r -> b.requires(withExtra(r.asText(), extra.getKey())));
            }
            Path wheel = b.build(wheels);
            byte[] bytes = Files.readAllBytes(wheel);
            String filename = wheel.getFileName().toString();
            server.on("/" + scenario + "/files/" + filename,
                exchange -> LocalHttpServer.send(exchange, 200, "application/octet-stream", bytes));
            page.append("<a href=\"../../files/").append(filename).append("#sha256=")
                .append(Sha256.of(bytes)).append('"').append(attributes).append('>')
                .append(filename).append("</a>\n");
          }
        }
        if (meta.path("sdist").asBoolean(true)) {
          // Listed, never downloaded: pylayer only needs to see that it is an sdist.
          String sdist = name.replace('-', '_') + "-" + version + ".tar.gz";
          page.append("<a href=\"../../files/").append(sdist).append('"').append(attributes)
              .append('>').append(sdist).append("</a>\n");
        }
      }
      page.append("</body></html>\n");
      String html = page.toString();
      server.on("/" + scenario + "/simple/" + PackageName.normalize(name) + "/",
          exchange -> LocalHttpServer.send(exchange, 200, "text/html", html));
    }
  }

  /** A requirement of an extra: its own marker (if any) and {@code extra == '<name>'}. */
  static String withExtra(String requirement, String extra) {
    int semicolon = requirement.indexOf(';');
    if (semicolon < 0) {
      return requirement + " ; extra == '" + extra + "'";
    }
    return requirement.substring(0, semicolon) + " ; (" + requirement.substring(semicolon + 1)
        .strip() + ") and extra == '" + extra + "'";
  }

  @TestFactory
  Stream<DynamicTest> scenarios() {
    assertThat(scenarios).as("scenarios found").isNotEmpty();
    return scenarios.entrySet().stream().map(e ->
        DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
  }

  private void check(String name, JsonNode scenario) throws Exception {
    JsonNode options = scenario.path("resolver_options");
    String python = options.has("python") ? options.get("python").asText()
        : scenario.path("environment").path("python").asText("3.8");
    TargetEnvironment target = TargetEnvironment.of(python, Arch.X86_64, 2, 28);
    List<Requirement> requirements = new ArrayList<>();
    scenario.path("root").path("requires").forEach(r -> requirements.add(
        Requirement.parse(r.asText())));
    LockRequest request = LockRequest.builder().requirements(requirements)
        .targets(List.of(target)).prereleases(options.path("prereleases").asBoolean(false))
        .build();
    HttpTransport transport = HttpTransport.create(HttpSettings.defaults());
    IndexClient index = IndexClient.create(
        List.of(IndexSource.index(server.uri("/" + name + "/simple/").toString(), work)),
        transport, message -> {});
    Path cache = work.resolve("cache");
    // The scenarios check the resolver's PEP 592 choice (a yanked release only for an exact
    // pin); pylayer's default refusal of yanked files is a separate policy, tested on its own.
    Locker locker = Locker.create(index, DownloadCache.create(cache, transport), cache,
        LockListener.NONE).screening(dev.pylayer.audit.ReleaseScreen.bundled().allowingYanked());

    LockFile lock = null;
    ResolutionException failure = null;
    try {
      lock = locker.lock(request);
    } catch (ResolutionException e) {
      failure = e;
    }
    ByDesign byDesign = BY_DESIGN.get(name);
    if (byDesign != null) {
      if (byDesign.failure() == null) {
        assertThat(failure).as(name + ": " + byDesign.reason()).isNull();
      } else {
        assertThat(failure).as(name + ": " + byDesign.reason()).isNotNull();
        assertThat(failure.getMessage()).contains(byDesign.failure());
      }
      outcomes.put(name, "by-design");
      return;
    }
    JsonNode expected = scenario.path("expected");
    if (!expected.path("satisfiable").asBoolean()) {
      if (failure == null) {
        fail(name + ": expected no solution, but locked " + versions(lock, target));
      }
      assertThat(failure.explanation()).contains("Because");
      outcomes.put(name, "pass");
      return;
    }
    if (failure != null) {
      fail(name + ": expected a solution, but: " + failure.getMessage());
    }
    Map<String, String> got = versions(lock, target);
    if (expected.has("packages") && expected.get("packages").size() > 0) {
      Map<String, String> want = new TreeMap<>();
      expected.get("packages").fields().forEachRemaining(
          f -> want.put(PackageName.normalize(f.getKey()), f.getValue().asText()));
      assertThat(got.keySet()).as(name + " packages").isEqualTo(want.keySet());
      want.forEach((p, v) -> assertThat(Version.parse(got.get(p)))
          .as(name + ": version of " + p + " (locked " + got + ")").isEqualTo(Version.parse(v)));
    }
    outcomes.put(name, "pass");
  }

  private static Map<String, String> versions(LockFile lock, TargetEnvironment target) {
    Map<String, String> out = new LinkedHashMap<>();
    lock.versions(lock.target(target).orElseThrow())
        .forEach((n, v) -> out.put(n.value(), v.toString()));
    return new TreeMap<>(out);
  }
}
