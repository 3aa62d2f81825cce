/**
 * The interpreter of a layer: which python-build-standalone build to use ({@link
 * dev.pylayer.interpreter.PbsCatalog}, {@link dev.pylayer.interpreter.InterpreterSource}), the
 * tree's layout ({@link dev.pylayer.interpreter.InterpreterLayout}), and removal of what a Lambda
 * layer never uses ({@link dev.pylayer.interpreter.StdlibStripper}, deciding about libpython with
 * {@link dev.pylayer.interpreter.ElfFile}). Its archive is unpacked by {@link dev.pylayer.archive}.
 */
package dev.pylayer.interpreter;
