/**
 * A CycloneDX SBOM for each layer, written with CycloneDX's own Java library: the interpreter,
 * every installed distribution (PURL, version, wheel file and sha256, licences from its metadata)
 * and the layer zip itself as the subject. Reproducible: the timestamp is the build's
 * (SOURCE_DATE_EPOCH) and the serial number is derived from the content. Depends on wheel only.
 */
package dev.pylayer.sbom;
