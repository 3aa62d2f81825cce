/**
 * Runs a Java Lambda function on this machine the way Lambda runs it, for end-to-end tests and
 * cold-start benchmarks. Nothing here talks to AWS.
 *
 * <h2>API</h2>
 *
 * <ul>
 *   <li>{@link dev.pylayer.lambda.harness.LambdaFunction}: lays out a task root (the function's code,
 *       as {@code /var/task}), unpacks the layer zip with its Unix modes as Lambda does (or takes an
 *       unpacked layer directory), puts it read-only at {@code /opt} (a read-only bind mount in a
 *       private mount namespace via {@code unshare -m} where permitted, else a read-only copy with the
 *       environment's {@code /opt} paths pointed at it), and starts {@code java -cp <runtime jars>
 *       com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>} with AWS's runtime
 *       interface client 2.10.1, Lambda java21's JVM options and environment, as {@code nobody} when
 *       the harness runs as root. {@code invoke(event)} sends one event and waits for the answer up to
 *       the function's timeout; {@code coldStart()} returns the phases; {@code pythonProcesses()}
 *       finds pylayer's worker (e.g. to kill it). With {@code cpuLikeLambda(true)} the function gets
 *       only the CPU Lambda gives its memory (1,769 MB is one vCPU) as a cgroup quota on its process
 *       tree, where the harness runs as root with a cgroup CPU controller ({@code cpuLimit()} says).
 *   <li>{@link dev.pylayer.lambda.harness.RuntimeApiServer}: the Lambda Runtime API on 127.0.0.1 (next
 *       invocation, response, error, init error) with the {@code Lambda-Runtime-*} headers and
 *       deadlines. {@link dev.pylayer.lambda.harness.Invocation} is one invocation's outcome.
 *   <li>{@link dev.pylayer.lambda.harness.OpenAiStub}: an OpenAI-compatible chat completions endpoint
 *       on 127.0.0.1 (plain and streamed), echoing the last message, with {@code !status-<code>} and
 *       {@code !slow-<ms>} directives for errors and slowness; point LiteLLM at it with {@code
 *       OPENAI_API_BASE}.
 *   <li>{@link dev.pylayer.lambda.harness.ColdStart}: the phases of a cold start: JVM start (launch to
 *       the JVM running, timed by a tiny Java agent), init (launch to the runtime's first request for
 *       an invocation: JVM start, handler class loading and static init), the Python worker's start
 *       and {@code import litellm} (read from pylayer-runtime's log line "started Python worker #1 (pid
 *       N) in X ms, import litellm Y ms"), and the first invocation's round trip. Warm calls are later
 *       {@code invoke} durations.
 *   <li>{@link dev.pylayer.lambda.harness.FunctionJdk}: finds a JDK 21+ to run java21 functions.
 * </ul>
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * try (OpenAiStub stub = OpenAiStub.start();
 *     LambdaFunction function = LambdaFunction.builder("dev.pylayer.examples.ChatHandler::handleRequest")
 *         .code(handlerClassesDir, pylayerRuntimeJar)
 *         .layerZip(layerBuildDir.resolve("python-litellm-x86_64.zip"))
 *         .environment("PYTHONHOME", "/opt/python")
 *         .environment("PYTHONPATH", "/opt/python/lib/python3.11")
 *         .environment("OPENAI_API_BASE", stub.baseUrl())
 *         .environment("OPENAI_API_KEY", "sk-test")
 *         .timeout(Duration.ofSeconds(10))
 *         .start()) {
 *   Invocation first = function.invoke("{\"prompt\":\"hi\"}");
 *   ColdStart cold = function.coldStart();
 *   Invocation warm = function.invoke("{\"prompt\":\"again\"}");
 * }
 * }</pre>
 *
 * <p>What differs from Lambda: no Firecracker microVM, no memory limit (memory sizes the heap, and the
 * CPU only with {@code cpuLikeLambda}), no SnapStart, the host's kernel, glibc and JDK (a JDK 21+ from {@link
 * dev.pylayer.lambda.harness.FunctionJdk}), logs on the process's stdout/stderr instead of CloudWatch.
 */
package dev.pylayer.lambda.harness;
