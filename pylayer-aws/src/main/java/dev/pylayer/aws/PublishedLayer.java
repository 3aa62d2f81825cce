package dev.pylayer.aws;

import java.util.Optional;

/**
 * The outcome of publishing one zip.
 *
 * @param layerVersionArn the version's ARN, what a function's {@code Layers} lists
 * @param version the version number
 * @param published false when the newest version already had this content (nothing published)
 * @param sha256 the zip's sha256 (hex), as written into the description
 * @param upload {@code direct}, {@code s3://bucket/key}, or {@code none} when nothing was uploaded
 * @param permission the statement id of the layer-version permission added or found
 */
public record PublishedLayer(String layerVersionArn, long version, boolean published,
    String sha256, String upload, Optional<String> permission) {}
