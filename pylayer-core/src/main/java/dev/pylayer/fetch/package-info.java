/**
 * Getting bytes onto the machine, safely: {@link dev.pylayer.fetch.HttpTransport} (the one HTTP
 * component: timeouts, retries with backoff, redirects, Basic logins from URL userinfo and netrc,
 * TLS trust), and {@link dev.pylayer.fetch.DownloadCache}, a content-addressed store of
 * SHA-256-verified files written atomically and resumed with HTTP ranges.
 *
 * <p>This package depends on nothing else in pylayer; {@code dev.pylayer.index} uses its
 * transport, never the other way round.
 */
package dev.pylayer.fetch;
