/** Reproducible benchmarks for pylayer; see bench/README.md for how to run each. */
package dev.pylayer.bench;
