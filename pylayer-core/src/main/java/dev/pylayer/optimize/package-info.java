/**
 * Making a layer smaller and faster to start, as {@link dev.pylayer.optimize.OptimizeLevel}
 * switches it: {@link dev.pylayer.optimize.PruneRules} (rules as data, {@code prune-rules.toml}
 * plus the user's files) applied by {@link dev.pylayer.optimize.PackagePruner}; {@link
 * dev.pylayer.optimize.NativeStripper} for ELF files; {@link dev.pylayer.optimize.ImportTracer}
 * and {@link dev.pylayer.optimize.UnusedDistributions} to drop what the smoke code never
 * touches; {@link dev.pylayer.optimize.BytecodeCompiler} byte-compiles trees with the target
 * interpreter (unchecked-hash {@code .pyc}, run-time paths, reproducible bytes, sourceless per
 * {@link dev.pylayer.optimize.CodeScope}).
 */
package dev.pylayer.optimize;
