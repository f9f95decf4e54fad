package io.jtop.engine.snapshot;

import io.jtop.engine.image.AtomicFiles;
import io.jtop.engine.image.Image;
import io.jtop.engine.image.ImageStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Gives each container a writable overlay over its image's layers, under a directory such as
 * {@code /var/lib/jtop/containers}:
 * <pre>
 *   &lt;id&gt;/upper    the container's changes
 *   &lt;id&gt;/work     overlay's scratch space
 *   &lt;id&gt;/merged   the mount point of the container's root file system
 * </pre>
 * It describes the mount and does not perform it; {@link Mounter} does.
 *
 * <h2>Why lowerdir holds relative names</h2>
 * mount(2) copies its options into one page, 4096 bytes with the closing NUL, so they may be
 * 4095 bytes long. Layers are named by their store links, {@code l/<26 characters>} (28 bytes),
 * relative to the store root that mount(8) runs in, so {@code lowerdir=} takes 9 + 29·n − 1 bytes:
 * 3488 for 120 layers. With {@code /var/lib/jtop/containers/<64-hex id>/upper} (95 bytes) and
 * {@code …/work} (94) the whole string is 3488 + 10 + 95 + 9 + 94 = 3696 bytes, room for about
 * 13 more layers. The absolute form, {@code /var/lib/jtop/layers/<64 hex>/diff} (90 bytes), would
 * need 10919 bytes for 120 layers. Longer options are refused at {@link #prepare} with their length.
 */
public final class OverlaySnapshotter {

    /** What mount(2) accepts: a page, less the closing NUL. */
    static final int MAX_OPTIONS_BYTES = 4095;

    private final ImageStore store;
    private final Path containersDir;
    private final Path mountInfo;

    /** Compiled at first use, not as the class loads: a view loads it cold, on its first listing's path. */
    private static final class Ids {
        static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    }

    public OverlaySnapshotter(ImageStore store, Path containersDir) {
        this(store, containersDir, Path.of("/proc/self/mountinfo"));
    }

    /** A snapshotter that checks for mounts in the table at {@code mountInfo}. */
    public OverlaySnapshotter(ImageStore store, Path containersDir, Path mountInfo) {
        this.store = store;
        this.containersDir = containersDir.toAbsolutePath().normalize();
        this.mountInfo = mountInfo;
    }

    /**
     * Creates the container's directories (all or none: built under a temp name, then renamed)
     * and returns the overlay mount that gives it {@code image}'s files.
     *
     * @throws IllegalArgumentException for an unusable id, an image without layers, or a container
     *                                  directory whose path holds ',' or ':'
     * @throws IOException when a layer is missing from the store, the options do not fit a page,
     *                     or the directories cannot be made (one for this id already exists)
     */
    public Snapshot prepare(String containerId, Image image) throws IOException {
        Path dir = containerDir(containerId);
        Mount mount = mount(containerId, image);
        AtomicFiles.privateDirectory(containersDir);
        Path tmp = Files.createTempDirectory(containersDir, ".tmp-" + containerId + "-");
        try {
            for (String sub : List.of("upper", "work", "merged")) {
                Files.createDirectory(tmp.resolve(sub));
            }
            AtomicFiles.fsyncDir(tmp);
            // rename(2) refuses a non-empty target, so an existing container is never replaced
            AtomicFiles.move(tmp, dir);
            AtomicFiles.fsyncDir(containersDir);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(tmp);
            throw e;
        }
        return new Snapshot(containerId, dir.resolve("upper"), dir.resolve("work"), dir.resolve("merged"), mount);
    }

    /**
     * The overlay mount that gives a container's snapshot {@code image}'s files: for {@link #prepare},
     * and to mount an existing snapshot again (its container exited and let its mount go, or the
     * host rebooted).
     *
     * @throws IllegalArgumentException for an unusable id or an image without layers
     * @throws IOException when a layer is missing from the store or the options do not fit a page
     */
    public Mount mount(String containerId, Image image) throws IOException {
        Path dir = containerDir(containerId);
        if (image.layers().isEmpty()) {
            throw new IllegalArgumentException("image " + image.id() + " has no layers to mount");
        }
        Mount mount = new Mount("overlay", "overlay", dir.resolve("merged"),
                options(image.layers(), dir.resolve("upper"), dir.resolve("work")), store.root());
        int length = mount.optionString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_OPTIONS_BYTES) {
            throw new IOException("overlay options for container " + containerId + " are " + length
                    + " bytes (" + image.layers().size() + " layers), more than the " + MAX_OPTIONS_BYTES
                    + " mount(2) accepts; a shorter path than " + containersDir + " leaves room for more layers");
        }
        return mount;
    }

    /**
     * Deletes the container's directories; nothing there is not an error.
     *
     * @throws IllegalStateException when something is still mounted in them
     */
    public void remove(String containerId) throws IOException {
        Path dir = containerDir(containerId);
        if (!Files.exists(dir)) {
            return;
        }
        List<String> mounted = Mounter.mountsUnder(mountInfo, dir);
        if (!mounted.isEmpty()) {
            throw new IllegalStateException("container " + containerId + " is still mounted at "
                    + String.join(", ", mounted) + "; unmount it before removing it");
        }
        // Rename first, so a crash never leaves a half-deleted snapshot under its real name.
        Path doomed = containersDir.resolve(".tmp-rm-" + containerId);
        AtomicFiles.deleteTree(doomed); // what an earlier, interrupted remove left
        AtomicFiles.move(dir, doomed);
        AtomicFiles.deleteTree(doomed);
    }

    /** {@code lowerdir} topmost layer first, as overlay wants it; then upper and work. */
    private List<String> options(List<String> layersBottomFirst, Path upper, Path work) throws IOException {
        List<String> lower = new ArrayList<>();
        for (int i = layersBottomFirst.size() - 1; i >= 0; i--) {
            lower.add(store.layerLink(layersBottomFirst.get(i)));
        }
        return List.of("lowerdir=" + String.join(":", lower), "upperdir=" + plain(upper), "workdir=" + plain(work));
    }

    /** A path for the options, which cannot hold overlay's separators. */
    private static String plain(Path p) {
        String s = p.toString();
        if (s.contains(",") || s.contains(":")) {
            throw new IllegalArgumentException("overlay options cannot hold a path with ',' or ':': " + s);
        }
        return s;
    }

    private Path containerDir(String containerId) {
        if (!Ids.ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("'" + containerId + "' is not a usable container id");
        }
        return containersDir.resolve(containerId);
    }
}
