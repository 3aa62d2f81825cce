package dev.pylayer.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An interpreter of the target's Python version that runs on this machine, for byte-compiling:
 * {@code .pyc} files depend on the Python version, not on the CPU.
 *
 * @param executable the interpreter
 * @param environment its whole environment (e.g. {@code PYTHONHOME} of a relocated build)
 * @param launcher what runs it here: empty, or qemu for the target's own interpreter
 * @param description for the log, e.g. "the layer's own interpreter"
 */
record CompileInterpreter(
    Path executable, Map<String, String> environment, List<String> launcher, String description) {}
