package io.jtop.engine.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.jtop.testing.Host;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OCI image layout written by the test (two layers: one gzip, one zstd; the upper one deletes
 * a file of the lower with a whiteout), imported as a directory and as a tar; a blob that does not
 * match its digest is refused.
 */
class OciLayoutImportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void directoryAndTarImportWithCompressedLayersAndWhiteouts() throws Exception {
        Host.requireRoot(); // whiteouts are character devices
        Path layout = writeLayout(tmp.resolve("oci"), false);
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Image image = new ImageImporter(store, s -> { }).importFrom(layout, null);
        assertEquals(List.of("oci:v1"), image.names());
        assertEquals(2, image.layers().size());
        assertEquals(List.of("/bin/hello"), image.config().cmd());
        Path lower = store.layerDir(image.layers().get(0));
        Path upper = store.layerDir(image.layers().get(1));
        assertEquals("a\n", Files.readString(lower.resolve("etc/a")));
        assertTrue(Files.exists(upper.resolve("etc/a"), LinkOption.NOFOLLOW_LINKS), "whiteout node");
        assertFalse(Files.isRegularFile(upper.resolve("etc/a"), LinkOption.NOFOLLOW_LINKS));

        Path tar = tmp.resolve("oci.tar");
        Host.run("tar", "-C", layout.toString(), "-cf", tar.toString(), ".");
        Image again = new ImageImporter(store, s -> { }).importFrom(tar, "named:2");
        assertEquals(image.id(), again.id(), "same config, same image");
        assertEquals(List.of("oci:v1", "named:2"), again.names());
    }

    @Test
    void aBlobThatDoesNotMatchItsDigestIsRefused() throws Exception {
        Host.requireRoot();
        Path layout = writeLayout(tmp.resolve("bad"), true);
        ImageStore store = new ImageStore(tmp.resolve("store"));
        IOException e = assertThrows(IOException.class, () -> new ImageImporter(store, s -> { }).importFrom(layout, "x"));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertTrue(store.list().isEmpty(), "nothing half-made is listed");
    }

    /** Writes a two-layer OCI layout; {@code corrupt} flips a byte of the config blob after hashing it. */
    private static Path writeLayout(Path dir, boolean corrupt) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] lowerTar = tar(Map.of("etc/a", "a\n", "etc/b", "b\n"), List.of());
        byte[] upperTar = tar(Map.of("bin/hello", "#!/bin/sh\necho hello\n"), List.of("etc/.wh.a"));
        byte[] lowerGz = gzip(lowerTar);
        byte[] upperZst = zstd(upperTar);
        String lowerBlob = put(dir, lowerGz);
        String upperBlob = put(dir, upperZst);
        Map<String, Object> config = Map.of(
                "architecture", "amd64", "os", "linux",
                "config", Map.of("Cmd", List.of("/bin/hello")),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(sha(lowerTar), sha(upperTar))));
        byte[] configJson = JSON.writeValueAsBytes(config);
        String configBlob = put(dir, configJson);
        if (corrupt) {
            Path p = dir.resolve("blobs/sha256").resolve(configBlob.substring(7));
            byte[] b = Files.readAllBytes(p);
            b[b.length - 2] ^= 1;
            Files.write(p, b);
        }
        Map<String, Object> manifest = Map.of(
                "schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json", "digest", configBlob,
                        "size", configJson.length),
                "layers", List.of(
                        Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip", "digest", lowerBlob,
                                "size", lowerGz.length),
                        Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar+zstd", "digest", upperBlob,
                                "size", upperZst.length)));
        byte[] manifestJson = JSON.writeValueAsBytes(manifest);
        String manifestBlob = put(dir, manifestJson);
        Map<String, Object> index = Map.of("schemaVersion", 2, "manifests", List.of(Map.of(
                "mediaType", "application/vnd.oci.image.manifest.v1+json", "digest", manifestBlob,
                "size", manifestJson.length,
                "annotations", Map.of("org.opencontainers.image.ref.name", "v1"))));
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    private static byte[] tar(Map<String, String> files, List<String> whiteouts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
                byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(b.length);
                e.setMode(0755);
                t.putArchiveEntry(e);
                t.write(b);
                t.closeArchiveEntry();
            }
            for (String w : whiteouts) {
                TarArchiveEntry e = new TarArchiveEntry(w);
                e.setSize(0);
                t.putArchiveEntry(e);
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static String put(Path dir, byte[] content) throws IOException {
        String d = sha(content);
        Files.write(dir.resolve("blobs/sha256").resolve(d.substring(7)), content);
        return d;
    }

    private static String sha(byte[] b) {
        MessageDigest m = Digest.newSha256();
        m.update(b);
        return Digest.of(m).toString();
    }
}
