/**
 * Layer archives: the reproducible zip ({@link dev.pylayer.pack.DeterministicZipWriter}) and reading
 * one back ({@link dev.pylayer.pack.ZipInspector}). Unpacking lives in {@link dev.pylayer.archive}.
 */
package dev.pylayer.pack;
