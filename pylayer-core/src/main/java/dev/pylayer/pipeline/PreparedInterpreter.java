package dev.pylayer.pipeline;

import dev.pylayer.interpreter.InterpreterLayout;
import dev.pylayer.interpreter.InterpreterSource;
import java.nio.file.Path;

/**
 * An interpreter extracted into a layer tree and checked against the target.
 *
 * @param layout where its parts are ({@code python/bin/python3.X}, the stdlib, site-packages)
 * @param source where it came from
 * @param archive the verified archive file
 * @param archiveSha256 the archive's sha256
 * @param fullVersion its CPython version, e.g. {@code 3.11.14}
 * @param release its python-build-standalone release, or empty when unknown
 */
public record PreparedInterpreter(
    InterpreterLayout layout, InterpreterSource source, Path archive, String archiveSha256,
    String fullVersion, String release) {}
