package io.jtop.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * jtop's image store, under a root such as {@code /var/lib/jtop}:
 * <pre>
 *   blobs/sha256/&lt;hex&gt;     content-addressed blobs (image configs), verified on write
 *   layers/&lt;hex&gt;/diff      a layer unpacked once, named by its diff id, shared between images
 *   layers/&lt;hex&gt;/link      the layer's short name; l/&lt;short&gt; links to its diff, so overlay
 *                        mount options stay short even with a hundred layers
 *   images/&lt;hex&gt;.json      an image: its names, layers and config, named by its config digest
 *   lock                 held (flock) while the store changes, so two jtop processes never lose an update
 * </pre>
 * Everything is built beside its final place and renamed into it; a crash leaves temp entries
 * (".tmp-*") that the next writer removes.
 */
public final class ImageStore {

    private final Path root;
    /** The image files as last parsed ({@link ImageFiles}). */
    private final ImageFiles files = new ImageFiles();
    private final AtomicInteger listings = new AtomicInteger();

    public ImageStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The directory of a layer's files. */
    public Path layerDir(String diffId) {
        return root.resolve("layers").resolve(Digest.parse(diffId).hex()).resolve("diff");
    }

    /** The short link to a layer's files, relative to the store root ({@code l/<short>}). */
    public String layerLink(String diffId) throws IOException {
        return "l/" + Files.readString(layerDir(diffId).resolveSibling("link")).trim();
    }

    /** Every image, newest file first; from the second listing on, the unchanged files are not parsed again. */
    public List<Image> list() throws IOException {
        List<Image> out = new ArrayList<>();
        Path dir = root.resolve("images");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        boolean keep = listings.getAndIncrement() > 0; // a process that lists once keeps nothing
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                out.add(read(p, keep));
            }
        }
        out.sort((a, b) -> String.valueOf(b.created()).compareTo(String.valueOf(a.created())));
        return out;
    }

    /**
     * The image a reference names: {@code name[:tag]}, full id, or a unique id prefix.
     *
     * @throws IllegalArgumentException for text that is not a reference ({@link Reference#parse})
     */
    public Optional<Image> find(String ref) throws IOException {
        String named = Reference.parse(ref).orLatest();
        List<Image> all = list();
        for (Image i : all) {
            if (i.names().contains(named) || i.id().equals(ref) || i.id().equals("sha256:" + ref)) {
                return Optional.of(i);
            }
        }
        String prefix = ref.startsWith("sha256:") ? ref.substring(7) : ref;
        List<Image> byPrefix = new ArrayList<>();
        for (Image i : all) {
            if (prefix.length() >= 4 && Digest.parse(i.id()).hex().startsWith(prefix)) {
                byPrefix.add(i);
            }
        }
        if (byPrefix.size() > 1) {
            throw new IllegalArgumentException("'" + ref + "' matches " + byPrefix.size() + " images");
        }
        return byPrefix.stream().findFirst();
    }

    /**
     * Who uses the store's images: the containers made from them. The store asks under its lock;
     * the answer must hold while {@code then} runs, with no container made meanwhile, so that an
     * image found unused is not taken by a container made in between (jtop's runtime holds its
     * records' lock, and a container it makes checks that its image is still there once its record
     * is written).
     */
    public interface Users {
        void whileNoneIsMade(String imageId, Then then) throws IOException;
    }

    /** What to do, told the names of the containers that use an image. */
    public interface Then {
        void with(List<String> containers) throws IOException;
    }

    /**
     * What {@link #remove} did.
     *
     * @param image      the image as it was
     * @param deleted    whether it went, with the layers no other image uses; else it stays, with
     *                   no name, for {@code containers}
     * @param containers the containers that use it
     */
    public record Removal(Image image, boolean deleted, List<String> containers) {
    }

    /**
     * Removes an image and the layers no other image uses; while containers use it, refuses, or
     * with {@code force} removes only its names and keeps it and its layers for them, until the
     * last of them is removed ({@link #release}), as Docker keeps an image untagged while in use.
     *
     * @throws IllegalArgumentException when nothing matches
     * @throws IllegalStateException    when containers use it, naming them
     */
    public Removal remove(String ref, boolean force, Users users) throws IOException {
        try (FileLock lock = lock()) {
            Image image = find(ref).orElseThrow(() -> new IllegalArgumentException("no image matches '" + ref + "'"));
            Removal[] done = new Removal[1];
            users.whileNoneIsMade(image.id(), containers -> {
                if (containers.isEmpty()) {
                    Files.deleteIfExists(imageFile(image.id()));
                    done[0] = new Removal(image, true, containers);
                } else if (!force) {
                    throw new IllegalStateException("image " + ref + " is used by " + containers(containers)
                            + ": remove " + (containers.size() == 1 ? "it" : "them")
                            + " first, or use --force to remove only its name");
                } else if (image.names().isEmpty()) {
                    throw new IllegalStateException("image " + ref + " has no name to remove and is used by "
                            + containers(containers) + ": it goes when "
                            + (containers.size() == 1 ? "that container is" : "the last of them is") + " removed");
                } else {
                    writeImage(new Image(image.id(), List.of(), image.layers(), image.config(), image.created(),
                            image.size(), true));
                    done[0] = new Removal(image, false, containers);
                }
            });
            if (done[0].deleted()) {
                deleteContent(image);
            }
            return done[0];
        }
    }

    /**
     * A container made from an image is gone: an image {@link #remove removed} while containers
     * used it goes now if none is left, with the layers no other image uses. Returns whether it went.
     */
    public boolean release(String imageId, Users users) throws IOException {
        if (!has(imageId)) {
            return false; // removed before, or the record named none (damaged)
        }
        try (FileLock lock = lock()) {
            Image image = read(imageId);
            if (image == null || !image.removed()) {
                return false;
            }
            boolean[] gone = new boolean[1];
            users.whileNoneIsMade(image.id(), containers -> {
                if (containers.isEmpty()) {
                    Files.deleteIfExists(imageFile(image.id()));
                    gone[0] = true;
                }
            });
            if (gone[0]) {
                deleteContent(image);
            }
            return gone[0];
        }
    }

    /** The image of this id as its file says, or null when the store has none. */
    private Image read(String imageId) throws IOException {
        Path p = imageFile(imageId);
        return Files.exists(p) ? read(p, false) : null;
    }

    private Image read(Path p, boolean keep) throws IOException {
        try {
            return files.read(p, keep);
        } catch (IOException e) {
            throw new IOException("unable to read the image " + p + ": " + e.getMessage(), e);
        }
    }

    /** Whether the store holds the image of this id; false for anything that is not an image id. */
    public boolean has(String imageId) {
        try {
            return Files.exists(imageFile(imageId));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Up to five containers by name, and how many more. */
    private static String containers(List<String> names) {
        int shown = Math.min(names.size(), 5);
        String some = String.join(", ", names.subList(0, shown));
        return (names.size() == 1 ? "container " : "containers ") + some
                + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
    }

    /** The layers of a removed image that no other image uses, and its config blob. */
    private void deleteContent(Image image) throws IOException {
        Set<String> stillUsed = new LinkedHashSet<>();
        for (Image other : list()) {
            stillUsed.addAll(other.layers());
        }
        for (String layer : image.layers()) {
            if (!stillUsed.contains(layer)) {
                removeLayer(layer);
            }
        }
        Files.deleteIfExists(blob(Digest.parse(image.id())));
    }

    /** Stores an image whose layers are all in the store, moving its names from any other image. */
    Image commit(Digest configDigest, byte[] configJson, List<String> names, List<String> diffIds, ImageConfig config,
                 String created) throws IOException {
        putBlob(configDigest, configJson);
        long size = 0;
        for (String d : diffIds) {
            size += sizeOf(layerDir(d));
        }
        Image old = find(configDigest.toString()).orElse(null);
        Set<String> allNames = new LinkedHashSet<>(old == null ? List.of() : old.names());
        allNames.addAll(names);
        for (Image other : list()) {
            if (!other.id().equals(configDigest.toString()) && other.names().stream().anyMatch(names::contains)) {
                List<String> kept = new ArrayList<>(other.names());
                kept.removeAll(names);
                writeImage(new Image(other.id(), kept, other.layers(), other.config(), other.created(), other.size(),
                        other.removed()));
            }
        }
        Image image = new Image(configDigest.toString(), List.copyOf(allNames), List.copyOf(diffIds), config, created, size);
        writeImage(image);
        return image;
    }

    /** Whether a layer is already unpacked. */
    boolean hasLayer(String diffId) {
        return Files.isDirectory(layerDir(diffId));
    }

    /**
     * Unpacks a layer from its (possibly compressed) tar stream into the store, checking that the
     * uncompressed bytes have the expected diff id (or, with none expected, naming it by what they
     * hash to). Returns the diff id. A layer already present is not unpacked again.
     */
    String putLayer(InputStream compressed, String expectedDiffId) throws IOException {
        if (expectedDiffId != null && hasLayer(expectedDiffId)) {
            return Digest.parse(expectedDiffId).toString();
        }
        Path layers = AtomicFiles.privateDirectory(root.resolve("layers"));
        Path tmp = Files.createTempDirectory(layers, ".tmp-layer-");
        try {
            MessageDigest sha = Digest.newSha256();
            try (InputStream plain = new DigestInputStream(Compression.decompress(compressed), sha)) {
                new LayerUnpacker().unpack(plain, tmp.resolve("diff"));
                plain.transferTo(OutputStream.nullOutputStream()); // the tar's end blocks count too
            }
            Digest actual = Digest.of(sha);
            if (expectedDiffId != null && !actual.equals(Digest.parse(expectedDiffId))) {
                throw new IOException("layer content is " + actual + ", the image says " + expectedDiffId);
            }
            Path finalDir = layers.resolve(actual.hex());
            if (Files.isDirectory(finalDir)) {
                AtomicFiles.deleteTree(tmp); // the same layer came with another image
                return actual.toString();
            }
            String shortName = shortName(actual);
            Files.writeString(tmp.resolve("link"), shortName);
            AtomicFiles.move(tmp, finalDir);
            Path l = AtomicFiles.privateDirectory(root.resolve("l"));
            Files.deleteIfExists(l.resolve(shortName));
            Files.createSymbolicLink(l.resolve(shortName), Path.of("../layers", actual.hex(), "diff"));
            AtomicFiles.fsyncDir(layers);
            return actual.toString();
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
    }

    /**
     * Holds the store's lock until closed; creates the store's directories on first use. The
     * store's root is made root's alone (0700), or closed to others if an earlier jtop left it open.
     */
    FileLock lock() throws IOException {
        AtomicFiles.privateStore(root);
        FileLock l = AtomicFiles.lock(root.resolve("lock"));
        try {
            cleanTemps();
            return l;
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** Removes what an interrupted writer left: temp layer dirs and temp files. */
    private void cleanTemps() throws IOException {
        for (String sub : List.of("layers", "images", "blobs/sha256")) {
            Path dir = root.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".tmp-*")) {
                for (Path p : ds) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }

    private void putBlob(Digest d, byte[] content) throws IOException {
        Digest actual = Digest.of(digestOf(content));
        if (!actual.equals(d)) {
            throw new IOException("blob content is " + actual + ", expected " + d);
        }
        Path p = blob(d);
        if (!Files.exists(p)) {
            Files.createDirectories(AtomicFiles.privateDirectory(root.resolve("blobs")).resolve("sha256"));
            AtomicFiles.write(p, content);
        }
    }

    private static MessageDigest digestOf(byte[] content) {
        MessageDigest sha = Digest.newSha256();
        sha.update(content);
        return sha;
    }

    private Path blob(Digest d) {
        return root.resolve("blobs/sha256").resolve(d.hex());
    }

    private Path imageFile(String id) {
        return root.resolve("images").resolve(Digest.parse(id).hex() + ".json");
    }

    private void writeImage(Image image) throws IOException {
        AtomicFiles.privateDirectory(root.resolve("images"));
        AtomicFiles.write(imageFile(image.id()), ImageJson.write(image));
    }

    private void removeLayer(String diffId) throws IOException {
        Path layer = layerDir(diffId).getParent();
        try {
            Files.deleteIfExists(root.resolve(layerLink(diffId)));
        } catch (IOException e) {
            // no link file: nothing to remove
        }
        // Rename first, so a crash never leaves a half-deleted layer under its real name.
        Path doomed = layer.resolveSibling(".tmp-rm-" + layer.getFileName());
        AtomicFiles.move(layer, doomed);
        AtomicFiles.deleteTree(doomed);
    }

    /** 26 characters of base-32 from the digest, as Docker's overlay2 names its links. */
    private static String shortName(Digest d) {
        byte[] bytes = HexFormat.of().parseHex(d.hex());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : bytes) {
            buffer = (buffer << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5 && b.length() < 26) {
                b.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return b.toString();
    }

    private static long sizeOf(Path dir) throws IOException {
        long[] total = {0};
        try (var all = Files.walk(dir)) {
            all.forEach(p -> {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        total[0] += Files.size(p);
                    }
                } catch (IOException ignored) {
                    // vanished while counted
                }
            });
        }
        return total[0];
    }
}
