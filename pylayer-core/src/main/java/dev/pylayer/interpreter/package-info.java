/**
 * The interpreter of a layer: which python-build-standalone build to use ({@link
 * dev.pylayer.interpreter.PbsCatalog}, {@link dev.pylayer.interpreter.InterpreterSource}), safe
 * extraction of its archive ({@link dev.pylayer.interpreter.ArchiveExtractor}, with the path rules
 * of {@link dev.pylayer.interpreter.SafePaths} and {@link dev.pylayer.interpreter.SafeTreeWriter}
 * that every extractor shares), the tree's layout ({@link
 * dev.pylayer.interpreter.InterpreterLayout}), and removal of what a Lambda layer never uses
 * ({@link dev.pylayer.interpreter.StdlibStripper}, deciding about libpython with {@link
 * dev.pylayer.interpreter.ElfFile}).
 *
 * <p>Depends on no other pylayer package.
 */
package dev.pylayer.interpreter;
