/**
 * File helpers every step shares: measured deletion, sizes, copies ({@link
 * dev.pylayer.files.FileTrees}), atomic writes ({@link dev.pylayer.files.AtomicFiles}) and SHA-256
 * ({@link dev.pylayer.files.Sha256}), and the text resources pylayer ships ({@link
 * dev.pylayer.files.BundledResources}). No pylayer dependencies.
 */
package dev.pylayer.files;
