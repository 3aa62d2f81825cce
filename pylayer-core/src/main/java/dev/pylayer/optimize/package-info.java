/**
 * Making a layer smaller and faster to import: {@link dev.pylayer.optimize.BytecodeCompiler}
 * byte-compiles trees with the target interpreter (unchecked-hash {@code .pyc}, run-time paths,
 * reproducible bytes).
 */
package dev.pylayer.optimize;
