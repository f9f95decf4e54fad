package io.jtop.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Writes an OCI image layout (index, manifest, config, uncompressed layer blobs) for import tests. */
public final class OciLayout {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OciLayout() {
    }

    /**
     * Writes a layout of the given layer tars, bottom first, into {@code dir} under the reference
     * name {@code ref}; returns {@code dir}.
     */
    public static Path write(Path dir, String ref, List<byte[]> layerTars) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<String> diffIds = new ArrayList<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (byte[] tar : layerTars) {
            String digest = put(dir, tar);
            diffIds.add(digest); // uncompressed: the blob is its own diff
            layers.add(Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar", "digest", digest,
                    "size", tar.length));
        }
        byte[] config = JSON.writeValueAsBytes(Map.of(
                "architecture", "amd64", "os", "linux",
                "config", Map.of("Cmd", List.of("/bin/sh")),
                "rootfs", Map.of("type", "layers", "diff_ids", diffIds)));
        byte[] manifest = JSON.writeValueAsBytes(Map.of(
                "schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", put(dir, config),
                        "size", config.length),
                "layers", layers));
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests", List.of(
                Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", put(dir, manifest),
                        "size", manifest.length,
                        "annotations", Map.of("org.opencontainers.image.ref.name", ref))))));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    private static String put(Path dir, byte[] content) throws IOException {
        String hex;
        try {
            hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.write(dir.resolve("blobs/sha256").resolve(hex), content);
        return "sha256:" + hex;
    }
}
