/**
 * Layer archives: the reproducible zip ({@link dev.pylayer.pack.DeterministicZipWriter}), reading
 * one back ({@link dev.pylayer.pack.ZipInspector}) and unpacking it as Lambda does ({@link
 * dev.pylayer.pack.SafeZipExtractor}).
 *
 * <p>Uses {@link dev.pylayer.interpreter} for the shared path-safety rules; never the reverse.
 */
package dev.pylayer.pack;
