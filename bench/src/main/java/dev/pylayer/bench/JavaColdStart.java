package dev.pylayer.bench;

import dev.pylayer.lambda.harness.ColdStart;
import dev.pylayer.lambda.harness.FunctionJdk;
import dev.pylayer.lambda.harness.Invocation;
import dev.pylayer.lambda.harness.LambdaFunction;
import dev.pylayer.lambda.harness.OpenAiStub;
import dev.pylayer.runtime.LiteLlmClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Java cold-start benchmark (bench/README-layer.md): examples/java-lambda's handler run the way
 * Lambda runs it (pylayer-lambda-harness: AWS's runtime interface client against a Runtime API
 * server on 127.0.0.1, the layer read-only at /opt, an OpenAI-compatible stub on 127.0.0.1), once
 * per cold start, timing each phase: JVM start, worker spawn, worker ready and {@code import
 * litellm} (pylayer-runtime's log line), init, first call, warm calls.
 *
 * <p>"Worker spawn" is when the Python process started, from the kernel's start times of the JVM and
 * the worker process (10 ms resolution): it shows whether the worker starts at the beginning of the
 * function's init, while the JVM still loads classes, or only after.
 *
 * <p>{@code --memory-mb N} gives the function Lambda's memory setting and only the CPU Lambda gives
 * it (1,769 MB is one vCPU; 1,024 MB, the example's, 0.58 of one), as a cgroup quota on the JVM and
 * the worker it starts (root and a cgroup CPU controller; the table says when it could not). Without
 * it the function has 1,024 MB and the host's CPUs.
 *
 * <p>{@code --env NAME=VALUE} (repeatable) adds a variable to the function's environment, e.g. {@code
 * DEFER_PYDANTIC_BUILD=false} to compare with the worker's deferred pydantic builds.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.pylayer.bench.JavaColdStart \
 *     --layer-zip layer-build-x86_64/python-litellm-x86_64.zip [--runs 3] [--warm 20] [--memory-mb 1024]
 * </pre>
 */
public final class JavaColdStart {

  private static final Path EXAMPLE = Path.of("examples", "java-lambda");

  private JavaColdStart() {}

  /** One cold start's phases, in milliseconds from launching the runtime process. */
  record Run(long jvmStartMs, long workerSpawnMs, long workerReadyMs, long importMs, long initMs,
      long firstCallMs, long warmMedianMs, long warmP90Ms, String cpu) {}

  public static void main(String[] args) throws Exception {
    Path layerZip = null;
    int runs = 3;
    int warm = 20;
    Integer memoryMb = null;
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--layer-zip" -> layerZip = Path.of(args[++i]).toAbsolutePath();
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warm" -> warm = Integer.parseInt(args[++i]);
        case "--memory-mb" -> memoryMb = Integer.parseInt(args[++i]);
        case "--env" -> {
          String[] pair = args[++i].split("=", 2);
          env.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        default -> {
          System.err.println("usage: JavaColdStart --layer-zip ZIP [--runs N] [--warm N] [--memory-mb N]"
              + " [--env NAME=VALUE]...");
          System.exit(2);
        }
      }
    }
    if (layerZip == null || !Files.isRegularFile(layerZip)) {
      System.err.println("--layer-zip must name a layer zip built by pylayer (python-<name>-<arch>.zip)");
      System.exit(2);
    }
    Path jdk = FunctionJdk.find(21).orElseThrow(() ->
        new IllegalStateException("no JDK 21+ found to run the java21 function"));
    Path work = Files.createTempDirectory("pylayer-java-cold-start");
    Path handler = compileHandler(jdk, work);
    String minor = pythonMinor(layerZip);
    List<Run> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Run run = coldStart(jdk, handler, layerZip, minor, warm, memoryMb, env);
      results.add(run);
      System.out.println("run " + (i + 1) + ": " + run);
    }
    System.out.println();
    System.out.println("function: " + (memoryMb == null ? 1024 : memoryMb) + " MB, CPU: "
        + results.get(0).cpu());
    System.out.println();
    System.out.println("| phase (ms from launching the JVM, median of " + runs + ") | ms |");
    System.out.println("|---|---|");
    row("JVM running (agent premain)", results, Run::jvmStartMs);
    row("Python worker spawned", results, Run::workerSpawnMs);
    row("worker start to ready (logged; from spawn)", results, Run::workerReadyMs);
    row("  of which import litellm (logged)", results, Run::importMs);
    row("init done (runtime asks for the first event)", results, Run::initMs);
    row("first invocation round trip", results, Run::firstCallMs);
    row("cold: init + first invocation", results, r -> r.initMs() + r.firstCallMs());
    row("warm invocation, median of " + warm, results, Run::warmMedianMs);
    row("warm invocation, p90 of " + warm, results, Run::warmP90Ms);
  }

  private static Run coldStart(Path jdk, Path handler, Path layerZip, String minor, int warm,
      Integer memoryMb, Map<String, String> env) throws Exception {
    LambdaFunction.Builder builder = LambdaFunction.builder(
        "dev.pylayer.examples.ChatHandler::handleRequest");
    env.forEach(builder::environment);
    try (OpenAiStub stub = warmedUp(OpenAiStub.start());
        LambdaFunction function = builder
            .javaHome(jdk)
            .memoryMb(memoryMb == null ? 1024 : memoryMb)
            .cpuLikeLambda(memoryMb != null)
            .code(handler, codeSource(LiteLlmClient.class), codeSource(org.crac.Resource.class))
            .layerZip(layerZip)
            .environment("PYTHONHOME", "/opt/python")
            .environment("PYTHONPATH", "/opt/python/lib/python" + minor)
            .environment("MODEL", "openai/gpt-4o-mini")
            .environment("OPENAI_API_KEY", "sk-bench-0123456789")
            .environment("OPENAI_API_BASE", stub.baseUrl())
            .timeout(Duration.ofSeconds(60))
            .initTimeout(Duration.ofSeconds(120))
            .start()) {
      Instant jvmLaunched = function.process().info().startInstant().orElseThrow();
      Invocation first = function.invoke("{\"prompt\": \"Capital of France?\"}");
      if (!first.succeeded()) {
        throw new IllegalStateException("the first invocation failed: " + first.body() + "\n"
            + String.join("\n", function.log()));
      }
      ColdStart cold = function.coldStart();
      Optional<Instant> spawned = function.pythonProcesses().stream()
          .map(p -> p.info().startInstant()).flatMap(Optional::stream).min(Instant::compareTo);
      List<Long> warmMs = new ArrayList<>();
      for (int i = 0; i < warm; i++) {
        Invocation call = function.invoke("{\"prompt\": \"warm " + i + "\"}");
        if (!call.succeeded()) {
          throw new IllegalStateException("a warm invocation failed: " + call.body());
        }
        warmMs.add(call.duration().toMillis());
      }
      Collections.sort(warmMs);
      return new Run(cold.jvmStart().map(Duration::toMillis).orElse(-1L),
          spawned.map(s -> Duration.between(jvmLaunched, s).toMillis()).orElse(-1L),
          cold.workerStart().map(Duration::toMillis).orElse(-1L),
          cold.importLitellm().map(Duration::toMillis).orElse(-1L), cold.init().toMillis(),
          cold.firstInvocation().toMillis(),
          warmMs.isEmpty() ? -1 : warmMs.get(warmMs.size() / 2),
          warmMs.isEmpty() ? -1 : warmMs.get((int) Math.min(warmMs.size() - 1,
              Math.round(warmMs.size() * 0.9))),
          function.cpuLimit().orElse("the host's " + Runtime.getRuntime().availableProcessors()
              + " CPUs" + (memoryMb == null ? ""
                  : " (no cgroup CPU quota here: needs root and a CPU controller)")));
    }
  }

  /**
   * Sends the stub a few requests before the function starts: a model API is never cold, but the
   * JDK server behind the stub is (its first answer took 116 ms of class loading and JIT, which the
   * function's first call would otherwise be charged with).
   */
  private static OpenAiStub warmedUp(OpenAiStub stub) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(stub.baseUrl() + "/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\": \"warm-up\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
        .build();
    for (int i = 0; i < 50; i++) {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    }
    return stub;
  }

  private static void row(String label, List<Run> runs,
      java.util.function.ToLongFunction<Run> value) {
    List<Long> values = new ArrayList<>();
    runs.forEach(r -> values.add(value.applyAsLong(r)));
    Collections.sort(values);
    System.out.println("| " + label + " | " + values.get(values.size() / 2) + " (" + values + ") |");
  }

  /** Compiles examples/java-lambda's handler against pylayer-runtime and the Lambda core API. */
  private static Path compileHandler(Path jdk, Path work) throws Exception {
    Path out = Files.createDirectories(work.resolve("handler-classes"));
    List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/javac").toString(),
        "--release", "21", "-d", out.toString(), "-cp",
        codeSource(LiteLlmClient.class) + File.pathSeparator
            + codeSource(com.amazonaws.services.lambda.runtime.Context.class)
            + File.pathSeparator + codeSource(org.crac.Resource.class)));
    try (var sources = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> command.add(p.toString()));
    }
    Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (javac.waitFor() != 0) {
      throw new IllegalStateException("compiling " + EXAMPLE + " failed (run from the repository"
          + " root):\n" + output);
    }
    return out;
  }

  private static String pythonMinor(Path layerZip) throws IOException {
    try (var zip = new java.util.zip.ZipFile(layerZip.toFile())) {
      return zip.stream().map(e -> e.getName())
          .filter(n -> n.matches("python/bin/python3\\.\\d+"))
          .map(n -> n.substring("python/bin/python".length())).findFirst()
          .orElseThrow(() -> new IllegalStateException(layerZip + " has no python/bin/python3.X"));
    }
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
