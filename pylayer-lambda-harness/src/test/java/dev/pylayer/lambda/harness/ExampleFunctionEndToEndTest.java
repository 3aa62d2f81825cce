package dev.pylayer.lambda.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pylayer.pipeline.BuildListener;
import dev.pylayer.pipeline.LayerBuilder;
import dev.pylayer.pipeline.LayerSpec;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.testing.LayerBuildFixture;
import dev.pylayer.testing.WheelBuilder;
import dev.pylayer.verify.SmokeSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/java-lambda as Lambda runs it: a layer built by pylayer (the host CPython as a
 * python-build-standalone archive, with the test stand-in for LiteLLM, a stdlib-only package that
 * speaks OpenAI's HTTP API), the handler compiled for Java 21 and started by AWS's runtime interface
 * client against a Runtime API on 127.0.0.1, the layer read-only at /opt, as nobody when run as root,
 * and an OpenAI-compatible stub as the provider. One function serves every test, in order, as one
 * execution environment serves invocations.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleFunctionEndToEndTest {
  private static final String KEY = "sk-e2e-secret-0123456789abcdef";
  private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(5);
  private static final Path EXAMPLE = Path.of("..", "examples", "java-lambda").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Path layerZip;
  private static Path handlerCode;
  private static Path functionJdk;
  private static String pythonPath;
  private static OpenAiStub stub;
  private static LambdaFunction function;

  @BeforeAll
  static void buildLayerAndStartTheFunction() throws Exception {
    Optional<Path> jdk = FunctionJdk.find(21);
    assumeTrue(jdk.isPresent(), "no JDK 21 or newer to run a java21 function (set JAVA21_HOME)");

    Path layer;
    String minor;
    try (LayerBuildFixture fixture = LayerBuildFixture.create(dir.resolve("fixture"))) {
      minor = fixture.python.minorVersion();
      fixture.index.add(WheelBuilder.wheel("litellm", "0.0.1").file("litellm/__init__.py", fixtureLitellm()).build(fixture.wheels));
      LayerSpec spec = fixture.spec(dir.resolve("out"), fixture.requirements(dir, "litellm==0.0.1"))
          .name("litellm")
          .smoke(SmokeSpec.of(true, "import litellm; print(litellm.__version__)", Map.of()))
          .build();
      new LayerBuilder(fixture.context(Files.createDirectories(dir.resolve("home")), BuildListener.SILENT)).build(spec);
      layer = dir.resolve("out/layer-build-x86_64/python-litellm-x86_64.zip");
    }

    layerZip = layer;
    functionJdk = jdk.get();
    handlerCode = compileHandler(jdk.get());
    pythonPath = "/opt/python/lib/python" + minor;
    stub = OpenAiStub.start();
    function = exampleFunction(true).start();
    System.out.println("layer: " + function.layerMode() + (function.unprivileged() ? ", function runs as nobody" : ""));
  }

  private static LambdaFunction.Builder exampleFunction(boolean allowMount) throws URISyntaxException {
    return LambdaFunction.builder("dev.pylayer.examples.ChatHandler::handleRequest")
        .javaHome(functionJdk)
        .code(handlerCode, codeSource(LiteLlmClient.class), codeSource(org.crac.Resource.class))
        .layerZip(layerZip)
        .allowMount(allowMount)
        // As template.yaml sets them.
        .environment("PYTHONHOME", "/opt/python")
        .environment("PYTHONPATH", pythonPath)
        .environment("MODEL", "openai/gpt-4o-mini")
        .environment("OPENAI_API_KEY", KEY)
        .environment("OPENAI_API_BASE", stub.baseUrl())
        .timeout(FUNCTION_TIMEOUT)
        .initTimeout(Duration.ofSeconds(30))
        .logListener(line -> System.out.println("function: " + line));
  }

  @AfterAll
  static void stop() {
    if (function != null) {
      function.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  @Order(1)
  void answersThroughTheLayerAndReportsItsColdStart() throws Exception {
    Invocation first = function.invoke("{\"prompt\": \"Capital of France?\"}");

    assertThat(first.status()).as(first.body()).isEqualTo(Invocation.Status.SUCCESS);
    JsonNode answer = JSON.readTree(first.body());
    assertThat(answer.path("statusCode").asInt()).isEqualTo(200);
    assertThat(answer.path("answer").asText()).isEqualTo("echo: Capital of France?");
    OpenAiStub.Request request = stub.requests().get(stub.requests().size() - 1);
    assertThat(request.headers()).containsEntry("authorization", "Bearer " + KEY);
    assertThat(JSON.readTree(request.body()).path("model").asText()).isEqualTo("gpt-4o-mini");

    ColdStart cold = function.coldStart();
    System.out.println("cold start: " + cold);
    assertThat(cold.jvmStart()).hasValueSatisfying(jvm -> assertThat(jvm).isPositive().isLessThan(cold.init()));
    // the example starts its worker in the background: the import ends before the first answer
    assertThat(cold.workerStart()).hasValueSatisfying(worker -> assertThat(worker).isPositive().isLessThan(cold.total()));
    assertThat(cold.importLitellm()).isPresent();
    assertThat(function.log()).anyMatch(line -> line.contains("pylayer worker ready: Python 3."));

    for (int i = 0; i < 3; i++) {
      Invocation warm = function.invoke("{\"prompt\": \"warm " + i + "\"}");
      assertThat(JSON.readTree(warm.body()).path("answer").asText()).isEqualTo("echo: warm " + i);
    }
  }

  @Test
  @Order(2)
  void rateLimitIsRetryable() throws Exception {
    JsonNode answer = answer("!status-429 slow down");
    assertThat(answer.path("statusCode").asInt()).isEqualTo(429);
    assertThat(answer.path("error").asText()).isEqualTo("RateLimitError");
    assertThat(answer.path("retryable").asBoolean()).isTrue();
  }

  @Test
  @Order(2)
  void anEventThatIsNotAJsonObjectIsABadEvent() throws Exception {
    Invocation invocation = function.invoke("[\"prompt\", \"hi\"]");

    assertThat(invocation.status()).as(invocation.body()).isEqualTo(Invocation.Status.SUCCESS);
    JsonNode answer = JSON.readTree(invocation.body());
    assertThat(answer.path("statusCode").asInt()).isEqualTo(400);
    assertThat(answer.path("error").asText()).isEqualTo("BadEvent");
    assertThat(answer.path("message").asText()).contains("expected a JSON object but got");
  }

  @Test
  @Order(3)
  void badKeyIsAnAuthenticationErrorThatLeaksNoKey() throws Exception {
    JsonNode answer = answer("!status-401");
    assertThat(answer.path("statusCode").asInt()).isEqualTo(502);
    assertThat(answer.path("error").asText()).isEqualTo("AuthenticationError");
    assertThat(answer.path("retryable").asBoolean()).isFalse();
    // The provider quoted the key; neither the answer nor the function's log holds it.
    assertThat(answer.path("message").asText()).contains("Incorrect API key provided").doesNotContain(KEY);
    assertThat(String.join("\n", function.log())).doesNotContain(KEY);
  }

  @Test
  @Order(4)
  void slowProviderTimesOutBeforeTheFunctionsDeadline() throws Exception {
    Invocation slow = function.invoke("{\"prompt\": \"!slow-30000 too slow\"}");

    // The handler gives the call the remaining time less a second, so it answers, not Lambda's timeout.
    assertThat(slow.status()).isEqualTo(Invocation.Status.SUCCESS);
    assertThat(slow.duration()).isLessThan(FUNCTION_TIMEOUT);
    JsonNode answer = JSON.readTree(slow.body());
    assertThat(answer.path("statusCode").asInt()).isEqualTo(504);
    assertThat(answer.path("error").asText()).isEqualTo("CallTimeout");
    assertThat(answer("after the timeout").path("answer").asText()).isEqualTo("echo: after the timeout");
  }

  @Test
  @Order(5)
  void recoversAfterTheWorkerIsKilled() throws Exception {
    List<ProcessHandle> workers = function.pythonProcesses();
    assertThat(workers).hasSize(1);
    ProcessHandle worker = workers.get(0);
    worker.destroyForcibly();
    worker.onExit().get(10, TimeUnit.SECONDS);

    assertThat(answer("after the kill").path("answer").asText()).isEqualTo("echo: after the kill");
    assertThat(function.pythonProcesses()).hasSize(1).noneMatch(p -> p.pid() == worker.pid());
  }

  @Test
  @Order(6)
  void runsFromAReadOnlyCopyWhereNoMountNamespaceIsAllowed() throws Exception {
    try (LambdaFunction copy = exampleFunction(false).start()) {
      Invocation invocation = copy.invoke("{\"prompt\": \"from the copy\"}");
      assertThat(invocation.status()).as(invocation.body()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(JSON.readTree(invocation.body()).path("answer").asText()).isEqualTo("echo: from the copy");
      assertThat(copy.layerMounted()).isFalse();
      assertThat(copy.layerMode()).startsWith("read-only copy at ");
    }
  }

  private static JsonNode answer(String prompt) throws IOException {
    Invocation invocation = function.invoke(JSON.createObjectNode().put("prompt", prompt).toString());
    assertThat(invocation.status()).as(invocation.body()).isEqualTo(Invocation.Status.SUCCESS);
    return JSON.readTree(invocation.body());
  }

  /** The test stand-in for LiteLLM, from pylayer-runtime's test fixtures. */
  private static String fixtureLitellm() throws IOException {
    try (InputStream in = ExampleFunctionEndToEndTest.class.getResourceAsStream("/fixtures/litellm/__init__.py")) {
      assertThat(in).as("pylayer-runtime's test-jar with fixtures/litellm").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The example's handler compiled for Java 21, as its pom does. */
  private static Path compileHandler(Path jdk) throws Exception {
    Path out = Files.createDirectories(dir.resolve("handler-classes"));
    List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/javac").toString(), "--release", "21", "-d", out.toString(),
        "-cp", codeSource(LiteLlmClient.class) + File.pathSeparator + codeSource(com.amazonaws.services.lambda.runtime.Context.class)));
    try (var sources = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> command.add(p.toString()));
    }
    Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(javac.waitFor()).as(output).isZero();
    return out;
  }

  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
