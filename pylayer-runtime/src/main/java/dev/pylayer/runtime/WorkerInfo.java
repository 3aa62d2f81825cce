package dev.pylayer.runtime;

import java.time.Duration;

/**
 * What the worker reported when it became ready.
 *
 * @param pythonVersion the interpreter's version, e.g. "3.11.7"
 * @param litellmVersion LiteLLM's version, or null when it does not say
 * @param importTime how long {@code import litellm} took in the worker
 * @param startTime from launching the process to the ready line (includes the import)
 * @param pid the worker's process id
 */
public record WorkerInfo(
    String pythonVersion, String litellmVersion, Duration importTime, Duration startTime, long pid) {}
