/**
 * Python packaging standards, exactly as pypa/packaging 26.x (what pip uses) implements them, and
 * tested against its vectors: PEP 440 {@link dev.pylayer.pep.Version versions} and {@link
 * dev.pylayer.pep.SpecifierSet specifiers}, PEP 508 {@link dev.pylayer.pep.Requirement
 * requirements} and {@link dev.pylayer.pep.Marker markers}, PEP 503 {@link
 * dev.pylayer.pep.PackageName names}, PEP 425/427/600/656 {@link dev.pylayer.pep.Tag tags} and
 * {@link dev.pylayer.pep.WheelFilename wheel filenames}, and the {@link
 * dev.pylayer.pep.TargetEnvironment target} a Lambda layer runs on (markers and supported tags).
 *
 * <p>Pure: no I/O, no global state; every public type is immutable and thread-safe. Invalid input
 * fails with an {@link java.lang.IllegalArgumentException} subclass whose message names the input
 * and the problem.
 */
package dev.pylayer.pep;
