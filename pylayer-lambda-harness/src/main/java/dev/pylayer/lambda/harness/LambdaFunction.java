package dev.pylayer.lambda.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Java function started as Lambda's Java runtime starts it: {@code java -cp <runtime jars>
 * com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>}, with AWS's runtime
 * interface client talking to a {@link RuntimeApiServer} on 127.0.0.1 ({@code
 * AWS_LAMBDA_RUNTIME_API}), the function's code in a task root that is its working directory (as
 * {@code /var/task}: classes at the top, jars in {@code lib/}), its layer read-only at {@code /opt}
 * (see {@link #layerMode()}), Lambda's environment variables, and, when the harness runs as root, as
 * the unprivileged user {@code nobody} (Lambda runs functions as an unprivileged user too).
 *
 * <pre>{@code
 * try (LambdaFunction function = LambdaFunction.builder("dev.pylayer.examples.ChatHandler::handleRequest")
 *         .code(handlerClasses, pylayerRuntimeJar)
 *         .layerZip(Path.of("layer-build-x86_64/python-litellm-x86_64.zip"))
 *         .environment("OPENAI_API_BASE", stub.baseUrl())
 *         .start()) {
 *   Invocation answer = function.invoke("{\"prompt\":\"hi\"}");
 *   ColdStart phases = function.coldStart();
 * }
 * }</pre>
 */
public final class LambdaFunction implements AutoCloseable {
  /** JVM options of Lambda's java21 runtime (heap sized from the memory setting, as Lambda does). */
  static List<String> lambdaJvmOptions(int memoryMb) {
    return List.of("-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k", "-XX:+UseSerialGC", "-Xshare:auto",
        "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");
  }

  private static final Pattern WORKER_READY =
      Pattern.compile("started Python worker #1 \\(pid \\d+\\) in (\\d+) ms(?:, import litellm (\\d+) ms)?");
  private static final String NOBODY = "65534";

  private final Builder config;
  private final Path workDir;
  private final LayerMount layer;
  private final RuntimeApiServer api;
  private final Optional<CpuShare> cpu;
  private final Process process;
  private final Instant launched;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private volatile Instant jvmStarted;
  private volatile Duration init;
  private volatile Duration firstInvocation;

  private LambdaFunction(Builder config, Path workDir, LayerMount layer, RuntimeApiServer api, Optional<CpuShare> cpu,
      ProcessBuilder command) throws IOException {
    this.config = config;
    this.workDir = workDir;
    this.layer = layer;
    this.api = api;
    this.cpu = cpu;
    this.launched = Instant.now();
    this.process = command.start();
    process.getOutputStream().close();
    pump(process.getInputStream(), "stdout");
    pump(process.getErrorStream(), "stderr");
  }

  /** A builder for a function whose handler is {@code handler} ({@code package.Class::method} or {@code package.Class}). */
  public static Builder builder(String handler) {
    return new Builder(handler);
  }

  /** The Runtime API this function's runtime talks to. */
  public RuntimeApiServer runtimeApi() {
    return api;
  }

  /** How the layer was made read-only. */
  public String layerMode() {
    return layer.mode == LayerMount.Mode.PRIVATE_MOUNT
        ? "read-only bind mount at /opt in a private mount namespace"
        : "read-only copy at " + layer.root + " (no private mount namespace here)";
  }

  /** Whether the layer is a read-only bind mount at /opt (else a read-only copy). */
  public boolean layerMounted() {
    return layer.mode == LayerMount.Mode.PRIVATE_MOUNT;
  }

  /** Whether the function runs as the unprivileged user nobody. */
  public boolean unprivileged() {
    return config.unprivileged && isRoot() && setprivAvailable();
  }

  /** The CPU the function is limited to, e.g. "0.58 vCPU (cgroup CPU quota)", when it is ({@link Builder#cpuLikeLambda}). */
  public Optional<String> cpuLimit() {
    return cpu.map(CpuShare::describe);
  }

  /** The function's JVM (the runtime process). */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Processes the function started whose command names a Python interpreter (pylayer's worker). */
  public List<ProcessHandle> pythonProcesses() {
    try (Stream<ProcessHandle> descendants = process.descendants()) {
      return descendants.filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("python")).orElse(false))
          .collect(java.util.stream.Collectors.toList());
    }
  }

  /** Everything the function printed so far (stdout and stderr, one entry per line). */
  public List<String> log() {
    return List.copyOf(log);
  }

  /**
   * Waits for the init phase: until the runtime first asks for an invocation.
   *
   * @return from launch to that request
   * @throws IllegalStateException when the runtime exits or reports an init error first, or {@code
   *     timeout} passes; the message holds the end of its log
   */
  public Duration awaitInit(Duration timeout) {
    if (init != null) {
      return init;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Instant polled = api.firstPoll().get(100, TimeUnit.MILLISECONDS);
        init = Duration.between(launched, polled);
        return init;
      } catch (TimeoutException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the function's runtime exited with " + process.exitValue() + " during init" + logTail());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the function's init did not finish within " + timeout.toMillis() + " ms" + logTail());
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("the function failed its init: " + e.getCause().getMessage() + logTail(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the function's init", e);
      }
    }
  }

  /**
   * Invokes the function with {@code eventJson} and waits for its answer, up to the function's timeout
   * (the deadline it is given). The first call waits for the init phase first.
   */
  public Invocation invoke(String eventJson) {
    awaitInit(config.initTimeout);
    try {
      Invocation result = api.invoke(eventJson, config.timeout);
      if (firstInvocation == null) {
        firstInvocation = result.duration();
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while invoking the function", e);
    }
  }

  /**
   * The cold start's phases; call after the first {@link #invoke}.
   *
   * @throws IllegalStateException before the first invocation
   */
  public ColdStart coldStart() {
    if (firstInvocation == null) {
      throw new IllegalStateException("no invocation yet: invoke the function once before asking for its cold start");
    }
    Optional<Duration> workerStart = Optional.empty();
    Optional<Duration> importTime = Optional.empty();
    for (String line : log) {
      Matcher m = WORKER_READY.matcher(line);
      if (m.find()) {
        workerStart = Optional.of(Duration.ofMillis(Long.parseLong(m.group(1))));
        importTime = Optional.ofNullable(m.group(2)).map(ms -> Duration.ofMillis(Long.parseLong(ms)));
        break;
      }
    }
    return new ColdStart(Optional.ofNullable(jvmStarted).map(t -> Duration.between(launched, t)), init, workerStart, importTime, firstInvocation);
  }

  /** Stops the function (its whole process tree) and the Runtime API, and deletes the work directory. */
  @Override
  public void close() {
    try (Stream<ProcessHandle> descendants = process.descendants()) {
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    api.close();
    cpu.ifPresent(CpuShare::close);
    if (config.workDir == null) {
      deleteTree(workDir);
    }
  }

  private void pump(InputStream in, String name) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith(JvmStartAgent.MARKER)) {
            long micros = Long.parseLong(line.substring(JvmStartAgent.MARKER.length()).trim());
            jvmStarted = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
            continue;
          }
          log.add(line);
          if (config.logListener != null) {
            config.logListener.accept(line);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "lambda-function-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private String logTail() {
    List<String> lines = log();
    return "; the function's log ends with:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean setprivAvailable() {
    return LayerMount.runs(List.of("setpriv", "--version"));
  }

  private static void deleteTree(Path root) {
    try {
      LayerMount.setWritable(root, true);
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException e) {
      // Best effort: a temporary directory.
    }
  }

  /** Builds and starts a {@link LambdaFunction}. */
  public static final class Builder {
    private final String handler;
    private final List<Path> code = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path layer;
    private Path layerZip;
    private Path javaHome;
    private Path workDir;
    private String functionName = "pylayer-function";
    private int memoryMb = 1024;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration initTimeout = Duration.ofSeconds(10);
    private boolean unprivileged = true;
    private boolean measureJvmStart = true;
    private boolean allowMount = true;
    private boolean cpuLikeLambda;
    private List<String> jvmOptions;
    private Consumer<String> logListener;

    private Builder(String handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The function's code: jars (put in the task root's lib/) and class directories (copied to its top). */
    public Builder code(Path... entries) {
      code.addAll(List.of(entries));
      return this;
    }

    /** The layer as a directory: what Lambda would unpack at /opt (it holds {@code python/}). */
    public Builder layer(Path layerDir) {
      this.layer = layerDir;
      this.layerZip = null;
      return this;
    }

    /** The layer as the zip Lambda is given; unpacked with the zip's Unix modes, as Lambda does. */
    public Builder layerZip(Path zip) {
      this.layerZip = zip;
      this.layer = null;
      return this;
    }

    /** The JDK that runs the function; default {@link FunctionJdk#find}(21). */
    public Builder javaHome(Path home) {
      this.javaHome = home;
      return this;
    }

    /** An environment variable of the function (on top of the ones Lambda sets). */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** The function's name (AWS_LAMBDA_FUNCTION_NAME); default "pylayer-function". */
    public Builder functionName(String name) {
      this.functionName = name;
      return this;
    }

    /** Memory in MB, which sizes the heap as Lambda does; default 1024. */
    public Builder memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    /** The function's timeout: each invocation's deadline; default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How long the init phase may take (Lambda's limit is 10 s); default 10 s. */
    public Builder initTimeout(Duration timeout) {
      this.initTimeout = timeout;
      return this;
    }

    /** Whether to run as nobody when the harness runs as root (default true). */
    public Builder unprivileged(boolean unprivileged) {
      this.unprivileged = unprivileged;
      return this;
    }

    /** Whether to time the JVM's start with a tiny Java agent (a few ms of its own); default true. */
    public Builder measureJvmStart(boolean measure) {
      this.measureJvmStart = measure;
      return this;
    }

    /** Whether a private mount namespace may be used for /opt (default true; false forces the copy). */
    public Builder allowMount(boolean allow) {
      this.allowMount = allow;
      return this;
    }

    /**
     * Whether to give the function only the CPU Lambda gives its memory (1,769 MB is one vCPU), as a
     * cgroup quota on its process tree, where the harness may (root, a cgroup CPU controller; see
     * {@link LambdaFunction#cpuLimit}); default false: the host's CPUs.
     */
    public Builder cpuLikeLambda(boolean limit) {
      this.cpuLikeLambda = limit;
      return this;
    }

    /** JVM options instead of Lambda java21's (see {@link LambdaFunction#lambdaJvmOptions}). */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** Receives each line the function prints, as it prints it. */
    public Builder logListener(Consumer<String> listener) {
      this.logListener = listener;
      return this;
    }

    /** Where the task root, runtime jars and layer copy go; default a temporary directory, deleted on close. */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /**
     * Lays out the task root, starts a Runtime API server and launches the runtime; {@link
     * LambdaFunction#awaitInit} or the first {@link LambdaFunction#invoke} waits for its init.
     *
     * @throws IllegalStateException when no JDK 21+ is found or the runtime jars are missing
     */
    public LambdaFunction start() throws IOException {
      if (layer == null && layerZip == null) {
        throw new IllegalArgumentException("no layer: call layerZip(zip) or layer(dir) with the directory Lambda would unpack at /opt");
      }
      Path java = (javaHome != null ? Optional.of(javaHome) : FunctionJdk.find(21))
          .orElseThrow(() -> new IllegalStateException("no JDK 21 or newer found to run the function (set JAVA21_HOME)"))
          .resolve("bin/java");
      Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("pylayer-lambda-");
      // Readable by the unprivileged user the function may run as.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path taskRoot = TaskRoot.create(dir.resolve("task"), code);
      Path runtimeLib = Files.createDirectories(dir.resolve("runtime/lib"));
      for (Path jar : RuntimeClasspath.jars()) {
        Files.copy(jar, runtimeLib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      Path layerDir = layer;
      if (layerZip != null) {
        layerDir = dir.resolve("layer");
        LayerZip.unpack(layerZip, layerDir);
      }
      LayerMount mount = LayerMount.prepare(layerDir, dir, allowMount, layerZip != null);
      RuntimeApiServer api = RuntimeApiServer.start(functionName);

      List<String> command = new ArrayList<>(List.of(java.toString()));
      command.addAll(jvmOptions != null ? jvmOptions : lambdaJvmOptions(memoryMb));
      if (jvmOptions == null && FunctionJdk.release(java.getParent().getParent()) >= 24) {
        // JDK 24+ warns when the client loads its JNI library; java21, which this stands in for, does not.
        command.add("--enable-native-access=ALL-UNNAMED");
      }
      if (measureJvmStart) {
        command.add("-javaagent:" + JvmStartAgent.writeJar(dir.resolve("runtime")));
      }
      command.addAll(List.of("-classpath", runtimeLib + "/*", RuntimeClasspath.MAIN_CLASS, handler));
      boolean asNobody = unprivileged && isRoot() && setprivAvailable();
      List<String> launch = mount.wrap(command, asNobody ? NOBODY : null);
      Optional<CpuShare> cpu = cpuLikeLambda ? CpuShare.create(memoryMb) : Optional.empty();
      ProcessBuilder builder = new ProcessBuilder(cpu.map(c -> c.wrap(launch)).orElse(launch)).directory(taskRoot.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.putAll(mount.environment(lambdaEnvironment(api, taskRoot)));
      try {
        return new LambdaFunction(this, dir, mount, api, cpu, builder);
      } catch (IOException | RuntimeException e) {
        api.close();
        cpu.ifPresent(CpuShare::close);
        throw e;
      }
    }

    private Map<String, String> lambdaEnvironment(RuntimeApiServer api, Path taskRoot) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/opt/bin");
      env.put("LANG", "en_US.UTF-8");
      env.put("TZ", ":UTC");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
      env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]pylayer-harness");
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      env.put("LAMBDA_RUNTIME_DIR", taskRoot.getParent().resolve("runtime").toString());
      env.put("_HANDLER", handler);
      env.putAll(environment);
      return env;
    }
  }
}
