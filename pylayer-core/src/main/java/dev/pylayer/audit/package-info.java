/**
 * Supply-chain audit of what goes into a layer: releases known to be malicious ({@link
 * dev.pylayer.audit.KnownBadReleases}, bundled data plus the user's own lists), yanked files
 * ({@link dev.pylayer.audit.ReleaseScreen}), and code that runs at every interpreter start ({@link
 * dev.pylayer.audit.StartupCodeScanner}: {@code .pth} files with executable lines, {@code
 * sitecustomize}/{@code usercustomize}), refused unless allowed by name ({@link
 * dev.pylayer.audit.StartupCodePolicy}). Depends on pep only.
 */
package dev.pylayer.audit;
