package dev.pylayer.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from a PEM certificate bundle, for pip's {@code cert} option ({@code PIP_CERT}): an
 * index behind a private CA works once its CA bundle is named, as with pip. Like pip, the bundle
 * replaces the default trust store rather than adding to it.
 */
public final class TlsTrust {

  private static final Pattern PEM_CERTIFICATE = Pattern.compile(
      "-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", Pattern.DOTALL);

  private TlsTrust() {}

  /**
   * An SSL context trusting exactly the certificates in a PEM bundle.
   *
   * @throws IOException naming the file if it cannot be read or holds no certificate
   */
  public static SSLContext fromPemBundle(Path bundle) throws IOException {
    String text;
    try {
      text = Files.readString(bundle, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IOException("cannot read CA bundle " + bundle + ": " + e, e);
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher m = PEM_CERTIFICATE.matcher(text);
      int count = 0;
      while (m.find()) {
        byte[] pem = m.group().getBytes(StandardCharsets.US_ASCII);
        for (Certificate certificate : factory.generateCertificates(new ByteArrayInputStream(pem))) {
          store.setCertificateEntry("ca-" + count++, certificate);
        }
      }
      if (count == 0) {
        throw new IOException("CA bundle " + bundle + " holds no PEM certificate"
            + " ('-----BEGIN CERTIFICATE-----' blocks)");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("CA bundle " + bundle + " is not usable: " + e.getMessage(), e);
    }
  }
}
