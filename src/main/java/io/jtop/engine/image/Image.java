package io.jtop.engine.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * An image in the store.
 *
 * @param id       digest of its configuration document
 * @param names    {@code name:tag} references that point at it
 * @param layers   diff ids of its layers, bottom first
 * @param config   how to run it
 * @param created  creation time as the image says it, or null
 * @param size     bytes of its unpacked layers
 * @param removed  removed ({@code image rm --force}) while containers used it: kept for them, with
 *                 no name, until the last of them is removed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Image(String id, List<String> names, List<String> layers, ImageConfig config, String created, long size,
                    boolean removed) {

    /** An image as it is imported: not removed. */
    public Image(String id, List<String> names, List<String> layers, ImageConfig config, String created, long size) {
        this(id, names, layers, config, created, size, false);
    }

    public String shortId() {
        return Digest.parse(id).shortHex();
    }
}
