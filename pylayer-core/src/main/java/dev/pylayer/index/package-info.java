/**
 * Finding distribution files: {@link dev.pylayer.index.IndexClient} lists a project's files in
 * simple repositories (PEP 503 HTML, PEP 691 JSON; http, https, {@code file:}) and find-links
 * locations; {@link dev.pylayer.index.PipConfiguration} reads where to look the way pip does;
 * {@link dev.pylayer.index.IndexSettings} layers explicit options over it.
 *
 * <p>Depends on {@code dev.pylayer.fetch} (HTTP transport) and {@code dev.pylayer.pep.PackageName}
 * only. Filenames, versions and {@code requires-python} stay raw strings here.
 */
package dev.pylayer.index;
