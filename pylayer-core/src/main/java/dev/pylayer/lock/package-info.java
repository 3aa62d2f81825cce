/**
 * Resolving and locking: {@link dev.pylayer.lock.Locker} turns a {@link
 * dev.pylayer.lock.LockRequest} (PEP 508 requirements and constraints, one or more targets) into
 * a {@link dev.pylayer.lock.LockFile}, which {@link dev.pylayer.lock.LockFileFormat} writes and
 * reads as PEP 751 {@code pylock.toml} and {@link dev.pylayer.lock.RequirementsExport} writes as
 * pip's hash-checked {@code requirements.txt}. The resolver ({@link dev.pylayer.lock.Resolver},
 * PubGrub) does no I/O: it asks a {@link dev.pylayer.lock.PackageSource}; the index-backed one
 * reads core metadata through PEP 658, HTTP ranges of the wheel or the wheel itself, cached on
 * disk.
 *
 * <p>Depends on {@code dev.pylayer.pep}, {@code index}, {@code fetch} and {@code install} (core
 * metadata parsing, wheel selection); nothing depends on it but {@code build}.
 */
package dev.pylayer.lock;
