package dev.pylayer.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Builds a layer's SBOM as CycloneDX 1.6 JSON with CycloneDX's Java library. The same inputs
 * give the same bytes: components are sorted, the timestamp is the document's (the build's
 * SOURCE_DATE_EPOCH), and the serial number is a UUID derived from a SHA-256 of the rest of the
 * document instead of a random one.
 */
public final class LayerSbom {

  /** The CycloneDX version written. */
  public static final Version SPEC = Version.VERSION_16;

  private LayerSbom() {}

  /** The SBOM's file name beside a layer zip: {@code python-x-arm64.cdx.json}. */
  public static String fileNameFor(String zipFileName) {
    String stem = zipFileName.endsWith(".zip")
        ? zipFileName.substring(0, zipFileName.length() - 4) : zipFileName;
    return stem + ".cdx.json";
  }

  /** The SBOM as JSON text. */
  public static String toJson(SbomInputs.Document document) {
    Bom bom = bom(document);
    String withoutSerial = generate(bom);
    bom.setSerialNumber("urn:uuid:" + uuidFrom(withoutSerial));
    return generate(bom) + "\n";
  }

  private static Bom bom(SbomInputs.Document document) {
    Bom bom = new Bom();
    bom.setVersion(1);
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(document.timestamp()));
    metadata.setComponent(subject(document.layer()));
    ToolInformation tools = new ToolInformation();
    Component pylayer = new Component();
    pylayer.setType(Component.Type.APPLICATION);
    pylayer.setName("pylayer");
    pylayer.setVersion(document.toolVersion());
    tools.setComponents(List.of(pylayer));
    metadata.setToolChoice(tools);
    bom.setMetadata(metadata);

    List<Component> components = new ArrayList<>();
    components.add(interpreter(document.interpreter()));
    document.distributions().stream()
        .sorted(Comparator.comparing((SbomInputs.Distribution d) -> normalize(d.name()))
            .thenComparing(SbomInputs.Distribution::version))
        .map(LayerSbom::distribution)
        .forEach(components::add);
    bom.setComponents(components);
    return bom;
  }

  private static Component subject(SbomInputs.Layer layer) {
    Component zip = new Component();
    zip.setType(Component.Type.FILE);
    zip.setBomRef("layer:" + layer.zipFileName());
    zip.setName(layer.zipFileName());
    zip.setDescription("AWS Lambda layer " + layer.name() + " for " + layer.arch());
    zip.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, layer.zipSha256())));
    zip.setProperties(List.of(property("pylayer:arch", layer.arch())));
    return zip;
  }

  private static Component interpreter(SbomInputs.Interpreter python) {
    Component component = new Component();
    component.setType(Component.Type.APPLICATION);
    component.setName("cpython");
    component.setVersion(python.version());
    component.setDescription(python.release()
        .map(r -> "CPython from python-build-standalone release " + r)
        .orElse("CPython interpreter archive"));
    String purl = purl(PackageURLBuilder.aPackageURL().withType("generic")
        .withNamespace("python-build-standalone").withName("cpython")
        .withVersion(python.version() + python.release().map(r -> "+" + r).orElse(""))
        .withQualifier("download_url", python.url()));
    component.setPurl(purl);
    component.setBomRef(purl);
    component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, python.sha256())));
    component.setExternalReferences(List.of(reference(python.url())));
    List<Property> properties = new ArrayList<>();
    properties.add(property("pylayer:archive", python.archiveFileName()));
    python.release().ifPresent(r -> properties.add(property("pylayer:pbs-release", r)));
    component.setProperties(properties);
    return component;
  }

  private static Component distribution(SbomInputs.Distribution dist) {
    Component component = new Component();
    component.setType(Component.Type.LIBRARY);
    component.setName(dist.name());
    component.setVersion(dist.version());
    String purl = purl(PackageURLBuilder.aPackageURL().withType("pypi")
        .withName(normalize(dist.name())).withVersion(dist.version()));
    component.setPurl(purl);
    component.setBomRef(purl);
    component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, dist.wheelSha256())));
    component.setProperties(List.of(property("pylayer:wheel", dist.wheelFileName())));
    dist.url().ifPresent(u -> component.setExternalReferences(List.of(reference(u))));
    Licenses licenses = dist.licenses();
    if (licenses.expression().isPresent()) {
      LicenseChoice choice = new LicenseChoice();
      choice.setExpression(new Expression(licenses.expression().get()));
      component.setLicenses(choice);
    } else if (!licenses.names().isEmpty()) {
      LicenseChoice choice = new LicenseChoice();
      List<License> list = new ArrayList<>();
      for (String name : licenses.names()) {
        License license = new License();
        license.setName(name);
        list.add(license);
      }
      choice.setLicenses(list);
      component.setLicenses(choice);
    }
    return component;
  }

  private static ExternalReference reference(String url) {
    ExternalReference reference = new ExternalReference();
    reference.setType(ExternalReference.Type.DISTRIBUTION);
    reference.setUrl(url);
    return reference;
  }

  private static Property property(String name, String value) {
    Property property = new Property();
    property.setName(name);
    property.setValue(value);
    return property;
  }

  /** PEP 503 normalization, which the pypi PURL type asks for (lower case, runs of -_. to -). */
  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  private static String purl(PackageURLBuilder builder) {
    try {
      PackageURL purl = builder.build();
      return purl.canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalArgumentException("cannot make a package URL: " + e.getMessage(), e);
    }
  }

  private static String generate(Bom bom) {
    try {
      return BomGeneratorFactory.createJson(SPEC, bom).toJsonString();
    } catch (GeneratorException e) {
      throw new IllegalStateException("cannot write the SBOM: " + e.getMessage(), e);
    }
  }

  /** A name-based UUID (version 5 layout) from the SHA-256 of {@code text}. */
  private static UUID uuidFrom(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(buffer.getLong(), buffer.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
