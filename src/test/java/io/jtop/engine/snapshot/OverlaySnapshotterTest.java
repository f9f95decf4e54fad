package io.jtop.engine.snapshot;

import io.jtop.engine.image.Image;
import io.jtop.engine.image.ImageConfig;
import io.jtop.engine.image.ImageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overlay mount a snapshot describes, and its directories, on a store faked on disk (no root, no mount). */
class OverlaySnapshotterTest {

    @TempDir
    Path tmp;

    @Test
    void lowerdirListsTheTopmostLayerFirstByItsShortLink() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Image image = image(store, 3);
        Path containers = tmp.resolve("containers");
        Snapshot s = new OverlaySnapshotter(store, containers).prepare("c1", image);

        assertEquals(List.of(
                "lowerdir=l/" + shortName(2) + ":l/" + shortName(1) + ":l/" + shortName(0),
                "upperdir=" + containers.resolve("c1/upper"),
                "workdir=" + containers.resolve("c1/work")), s.mount().options());
        assertEquals("overlay", s.mount().type());
        assertEquals(containers.resolve("c1/merged"), s.mount().target());
        assertEquals(store.root(), s.mount().workingDirectory(), "l/ names resolve against the store root");
        for (Path p : List.of(s.upper(), s.work(), s.merged())) {
            assertTrue(Files.isDirectory(p), p + " exists");
        }
        assertEquals(List.of("c1"), names(containers), "no temp left beside it");
    }

    @Test
    void optionsFor120LayersFitInAPage() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        // at least as long as the production /var/lib/jtop/containers (24 bytes), with a 64-hex id
        Path containers = tmp.resolve("c".repeat(Math.max(1, 24 - tmp.toString().length() - 1)));
        int dirLength = containers.toString().length();
        String id = "a".repeat(64);
        Snapshot s = new OverlaySnapshotter(store, containers).prepare(id, image(store, 120));

        String options = s.mount().optionString();
        assertEquals(9 + 120 * 29 - 1, s.mount().options().get(0).length(), "lowerdir=");
        int length = options.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(3488 + 10 + (dirLength + 1 + 64 + 6) + 9 + (dirLength + 1 + 64 + 5), length);
        assertTrue(length <= OverlaySnapshotter.MAX_OPTIONS_BYTES, length + " bytes: " + options);
        if (dirLength == 24) {
            assertEquals(3696, length, "the figure in OverlaySnapshotter's Javadoc");
        }
        assertTrue(options.startsWith("lowerdir=l/" + shortName(119) + ":"));
        assertTrue(options.contains(":l/" + shortName(0) + ",upperdir=/"));
    }

    @Test
    void optionsThatDoNotFitAreRefusedBeforeAnythingIsMade() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Path containers = tmp.resolve("containers");
        IOException e = assertThrows(IOException.class,
                () -> new OverlaySnapshotter(store, containers).prepare("big", image(store, 150)));
        assertTrue(e.getMessage().contains("150 layers"), e.getMessage());
        assertFalse(Files.exists(containers.resolve("big")));
    }

    @Test
    void aFailedCreationLeavesNoTempAndKeepsWhatWasThere() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Path containers = tmp.resolve("containers");
        Path existing = Files.createDirectories(containers.resolve("c1/upper"));
        Files.writeString(existing.resolve("keep"), "mine");

        assertThrows(IOException.class, () -> new OverlaySnapshotter(store, containers).prepare("c1", image(store, 1)));
        assertEquals(List.of("c1"), names(containers), "no .tmp-* left");
        assertEquals("mine", Files.readString(existing.resolve("keep")));
    }

    @Test
    void anImageWithoutLayersOrABadIdIsRefused() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        OverlaySnapshotter snapshotter = new OverlaySnapshotter(store, tmp.resolve("containers"));
        assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("c1", image(store, 0)));
        for (String bad : List.of("../x", "a/b", "..", "", ".hidden")) {
            assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare(bad, image(store, 1)), bad);
        }
        assertFalse(Files.exists(tmp.resolve("containers/c1")));
    }

    @Test
    void removeDeletesTheSnapshotAndRefusesWhileMounted() throws IOException {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Path containers = tmp.resolve("containers");
        Path mountInfo = tmp.resolve("mountinfo");
        Files.writeString(mountInfo, "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
        OverlaySnapshotter snapshotter = new OverlaySnapshotter(store, containers, mountInfo);
        Snapshot s = snapshotter.prepare("c1", image(store, 2));
        Files.writeString(s.upper().resolve("written"), "x");

        Files.writeString(mountInfo, "90 22 0:50 / " + s.merged().toRealPath()
                + " rw,relatime - overlay overlay rw,lowerdir=l/A,upperdir=/u,workdir=/w\n", StandardOpenOption.APPEND);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> snapshotter.remove("c1"));
        assertTrue(e.getMessage().contains("still mounted at " + s.merged().toRealPath()), e.getMessage());
        assertTrue(Files.exists(s.upper().resolve("written")));

        Files.writeString(mountInfo, "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
        snapshotter.remove("c1");
        assertEquals(List.of(), names(containers));
        snapshotter.remove("c1"); // already gone
    }

    /** An image of {@code n} layers whose link files exist in the store, as the importer leaves them. */
    private static Image image(ImageStore store, int n) throws IOException {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String diffId = "sha256:" + String.format("%064x", i + 1);
            Path diff = Files.createDirectories(store.layerDir(diffId));
            Files.writeString(diff.resolveSibling("link"), shortName(i));
            layers.add(diffId);
        }
        return new Image("sha256:" + "f".repeat(64), List.of("t:1"), layers, ImageConfig.empty(), null, 0);
    }

    /** 26 characters, as the store names its links. */
    private static String shortName(int i) {
        return String.format("L%025d", i);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
