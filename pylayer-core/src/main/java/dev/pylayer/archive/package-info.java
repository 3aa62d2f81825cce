/**
 * Unpacking archives nobody vouched for, as every step that unpacks does: interpreter tarballs
 * ({@link dev.pylayer.archive.ArchiveExtractor}) and zips ({@link
 * dev.pylayer.archive.SafeZipExtractor}), both through {@link dev.pylayer.archive.SafeTreeWriter}
 * with the path rules of {@link dev.pylayer.archive.SafePaths}: no absolute or {@code ..} names, no
 * links leaving the tree, no devices, all-or-nothing output.
 */
package dev.pylayer.archive;
