package io.jtop.engine.image;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Imports an image into the store from a {@code docker save} tar, an OCI image layout (directory
 * or tar) or a plain root file system (directory or tar; layers may be gzip or zstd compressed).
 * Every blob is checked against its digest and every layer against its diff id.
 */
public final class ImageImporter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ImageStore store;
    private final Consumer<String> progress;

    /** @param progress told what is happening, one line at a time (the CLI prints it on stderr) */
    public ImageImporter(ImageStore store, Consumer<String> progress) {
        this.store = store;
        this.progress = progress;
    }

    /**
     * Imports what {@code source} holds, naming it {@code name} ({@code name[:tag]}; null keeps
     * the names the archive gives, if any).
     */
    public Image importFrom(Path source, String name) throws IOException {
        if (!Files.exists(source)) {
            throw new IllegalArgumentException("no such file or directory: " + source);
        }
        List<String> names = name == null ? List.of() : List.of(Reference.parse(name).orLatest());
        try (FileLock lock = store.lock()) {
            if (Files.isDirectory(source)) {
                return importDirectory(source, names);
            }
            if (isImageArchive(source)) {
                Path tmp = Files.createTempDirectory(AtomicFiles.privateDirectory(store.root().resolve("layers")),
                        ".tmp-archive-");
                try {
                    extractPlainFiles(source, tmp);
                    return importDirectory(tmp, names);
                } finally {
                    AtomicFiles.deleteTree(tmp);
                }
            }
            progress.accept("importing a root file system from " + source);
            String diffId;
            try (InputStream in = new ProgressInputStream(Files.newInputStream(source), Files.size(source),
                    source.getFileName().toString(), progress)) {
                diffId = store.putLayer(in, null);
            }
            return commitRootfs(diffId, names);
        }
    }

    private Image importDirectory(Path dir, List<String> names) throws IOException {
        if (Files.exists(dir.resolve("oci-layout"))) {
            return importOciLayout(dir, names);
        }
        if (Files.exists(dir.resolve("manifest.json"))) {
            return importDockerSave(dir, names);
        }
        progress.accept("importing a root file system from " + dir);
        String diffId = store.putLayer(tarOf(dir), null);
        return commitRootfs(diffId, names);
    }

    /** {@code docker save}: manifest.json lists the config file and the layer tars, bottom first. */
    private Image importDockerSave(Path dir, List<String> names) throws IOException {
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new IllegalArgumentException("manifest.json of " + dir + " lists no image");
        }
        JsonNode m = manifest.get(0);
        byte[] configJson = Files.readAllBytes(inside(dir, m.path("Config").asText()));
        ImageConfig.Document doc = JSON.readValue(configJson, ImageConfig.Document.class);
        JsonNode layers = m.path("Layers");
        List<String> diffIds = diffIds(doc, layers.size(), "manifest.json");
        List<String> all = new ArrayList<>(names);
        if (all.isEmpty()) {
            m.path("RepoTags").forEach(t -> all.add(archiveName(t.asText(), "manifest.json's RepoTags")));
        }
        for (int i = 0; i < layers.size(); i++) {
            Path layer = inside(dir, layers.get(i).asText());
            progress.accept(String.format("layer %d/%d %s (%s)", i + 1, layers.size(),
                    Digest.parse(diffIds.get(i)).shortHex(), human(Files.size(layer))));
            try (InputStream in = new ProgressInputStream(Files.newInputStream(layer), Files.size(layer),
                    "layer " + (i + 1) + "/" + layers.size(), progress)) {
                store.putLayer(in, diffIds.get(i));
            }
        }
        return commit(configJson, doc, diffIds, all);
    }

    /**
     * A name the archive gives its image, checked as a name given on the command line is, before
     * any layer is unpacked: the names of an archive are as untrusted as its layers.
     */
    private static String archiveName(String name, String where) {
        try {
            return Reference.parse(name).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage()
                    + " (import it under a name of your own: jtop image import SOURCE NAME)");
        }
    }

    /** The layers' diff ids the image config lists, checked against the manifest's count. */
    private static List<String> diffIds(ImageConfig.Document doc, int layers, String manifest) {
        List<String> diffIds = doc.rootfs() == null ? List.of() : doc.rootfs().diffIds();
        if (diffIds.size() != layers) {
            throw new IllegalArgumentException("the image config lists " + diffIds.size() + " layers, " + manifest
                    + " " + layers);
        }
        return diffIds;
    }

    private Image commit(byte[] configJson, ImageConfig.Document doc, List<String> diffIds, List<String> names)
            throws IOException {
        return store.commit(Digest.of(sha(configJson)), configJson, names, diffIds,
                doc.config() == null ? ImageConfig.empty() : doc.config(), doc.created());
    }

    /** An OCI image layout: index.json → manifest → config and layer blobs, each checked. */
    private Image importOciLayout(Path dir, List<String> names) throws IOException {
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        JsonNode desc = pickManifest(dir, index);
        JsonNode manifest = JSON.readTree(readBlob(dir, desc.path("digest").asText()));
        byte[] configJson = readBlob(dir, manifest.path("config").path("digest").asText());
        ImageConfig.Document doc = JSON.readValue(configJson, ImageConfig.Document.class);
        JsonNode layers = manifest.path("layers");
        List<String> diffIds = diffIds(doc, layers.size(), "the manifest");
        List<String> all = new ArrayList<>(names);
        String ref = desc.path("annotations").path("org.opencontainers.image.ref.name").asText(null);
        if (all.isEmpty() && ref != null) {
            all.add(archiveName(ref.contains(":") ? ref : "oci:" + ref, "index.json's org.opencontainers.image.ref.name"));
        }
        for (int i = 0; i < layers.size(); i++) {
            Digest blob = Digest.parse(layers.get(i).path("digest").asText());
            Path file = dir.resolve("blobs/sha256").resolve(blob.hex());
            progress.accept(String.format("layer %d/%d %s (%s)", i + 1, layers.size(), blob.shortHex(),
                    human(Files.size(file))));
            if (!store.hasLayer(diffIds.get(i))) {
                verifyBlob(file, blob); // before unpacking anything of it
                try (InputStream in = new ProgressInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                        Files.size(file), "layer " + (i + 1) + "/" + layers.size(), progress)) {
                    store.putLayer(in, diffIds.get(i));
                }
            }
        }
        return commit(configJson, doc, diffIds, all);
    }

    /** The manifest for this machine (linux, this JVM's architecture) when the index lists several. */
    private JsonNode pickManifest(Path dir, JsonNode index) throws IOException {
        JsonNode manifests = index.path("manifests");
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("index.json of " + dir + " lists no manifest");
        }
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        for (JsonNode m : manifests) {
            if (m.path("mediaType").asText().endsWith("image.index.v1+json")) {
                return pickManifest(dir, JSON.readTree(readBlob(dir, m.path("digest").asText())));
            }
            JsonNode p = m.path("platform");
            if (p.isMissingNode() || arch.equals(p.path("architecture").asText())) {
                return m;
            }
        }
        throw new IllegalArgumentException("no manifest for linux/" + arch + " in " + dir);
    }

    private Image commitRootfs(String diffId, List<String> names) throws IOException {
        ImageConfig config = new ImageConfig(List.of(DEFAULT_PATH), null, List.of("/bin/sh"), "/", null, Map.of());
        Map<String, Object> doc = Map.of(
                "architecture", "amd64",
                "os", "linux",
                "created", Instant.now().toString(),
                "config", Map.of("Env", config.env(), "Cmd", config.cmd(), "WorkingDir", "/"),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(diffId)));
        byte[] json = JSON.writeValueAsBytes(doc);
        return store.commit(Digest.of(sha(json)), json, names, List.of(diffId), config, (String) doc.get("created"));
    }

    /** Whether a tar (of any compression) holds an image (manifest.json or oci-layout at its top). */
    private static boolean isImageArchive(Path file) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompress(Files.newInputStream(file)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (n.equals("manifest.json") || n.equals("oci-layout") || n.equals("index.json")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is neither a directory nor a tar archive: " + e.getMessage());
        }
    }

    /** Extracts the regular files and directories of an image archive (nothing else is needed). */
    private static void extractPlainFiles(Path file, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompress(Files.newInputStream(file)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isDirectory() && !(e.isFile() && !e.isSymbolicLink() && !e.isLink())) {
                    continue;
                }
                Path target = inside(into, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                }
            }
        }
    }

    /** A path named by an archive or a manifest, refused if it would leave {@code dir}. */
    private static Path inside(Path dir, String name) {
        Path p = dir.resolve(name).normalize();
        if (name.startsWith("/") || !p.startsWith(dir.normalize())) {
            throw new IllegalArgumentException("refusing a path outside the image: " + name);
        }
        return p;
    }

    private static void verifyBlob(Path file, Digest expected) throws IOException {
        MessageDigest sha = Digest.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!Digest.of(sha).equals(expected)) {
            throw new IOException("blob " + expected + " does not match its content");
        }
    }

    private static byte[] readBlob(Path dir, String digest) throws IOException {
        Digest d = Digest.parse(digest);
        byte[] b = Files.readAllBytes(dir.resolve("blobs/sha256").resolve(d.hex()));
        if (!Digest.of(sha(b)).equals(d)) {
            throw new IOException("blob " + d + " does not match its content");
        }
        return b;
    }

    /** A tar of a directory, streamed from a thread (names relative, links and modes kept). */
    private static InputStream tarOf(Path dir) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream out = new PipedOutputStream(in);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                 Stream<Path> all = Files.walk(dir)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                    String rel = dir.relativize(p).toString();
                    if (rel.isEmpty()) {
                        continue;
                    }
                    TarArchiveEntry e;
                    boolean regular = false;
                    if (Files.isSymbolicLink(p)) {
                        e = new TarArchiveEntry(rel, TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(Files.readSymbolicLink(p).toString());
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        e = new TarArchiveEntry(p.toFile(), rel + "/");
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        e = new TarArchiveEntry(p.toFile(), rel);
                        regular = true;
                    } else {
                        continue; // devices and sockets do not belong in an image
                    }
                    Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    e.setMode((Integer) mode);
                    tar.putArchiveEntry(e);
                    if (regular) { // isFile() is true for links too
                        Files.copy(p, tar);
                    }
                    tar.closeArchiveEntry();
                }
            } catch (IOException e) {
                failure.set(e);
            }
        }, "tar " + dir);
        t.setDaemon(true);
        t.start();
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
        };
    }

    private static MessageDigest sha(byte[] b) {
        MessageDigest d = Digest.newSha256();
        d.update(b);
        return d;
    }

    static String human(long bytes) {
        if (bytes < 1 << 20) {
            return (bytes >> 10) + " KiB";
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
