package io.jtop.engine.snapshot;

import io.jtop.engine.image.Image;
import io.jtop.engine.image.ImageImporter;
import io.jtop.engine.image.ImageStore;
import io.jtop.testing.Host;
import io.jtop.testing.OciLayout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real overlay mount of an imported 120-layer image: layer i adds {@code /f<i>}, layer 60 also
 * deletes {@code /f10} with a whiteout; the container's writes land in its upper directory.
 */
class OverlaySnapshotIT {

    private static final int LAYERS = 120;

    @TempDir
    Path tmp;

    @Test
    void mountsA120LayerImageAndKeepsWritesInUpper() throws Exception {
        Host.requireRoot(); // whiteouts are character devices; mounting needs CAP_SYS_ADMIN
        Host.requireCommand("mount");
        ImageStore store = new ImageStore(tmp.resolve("store"));
        Image image = new ImageImporter(store, s -> { }).importFrom(layout(tmp.resolve("oci")), null);
        assertEquals(LAYERS, image.layers().size());

        OverlaySnapshotter snapshotter = new OverlaySnapshotter(store, tmp.resolve("containers"));
        Snapshot s = snapshotter.prepare("c1", image);
        Mounter mounter = new Mounter();
        try {
            mounter.mount(s.mount());
            assertTrue(Mounter.isMountPoint(Path.of("/proc/self/mountinfo"), s.merged()));
            for (int i = 0; i < LAYERS; i++) {
                Path f = s.merged().resolve("f" + i);
                if (i == 10) {
                    assertFalse(Files.exists(f, LinkOption.NOFOLLOW_LINKS), "f10 was deleted by layer 60");
                } else {
                    assertEquals(i + "\n", Files.readString(f), f.toString());
                }
            }
            Files.writeString(s.merged().resolve("written"), "by the container\n");
            assertEquals("by the container\n", Files.readString(s.upper().resolve("written")));

            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> snapshotter.remove("c1"));
            assertTrue(busy.getMessage().contains("still mounted"), busy.getMessage());
        } finally {
            mounter.unmount(s.merged());
        }
        mounter.unmount(s.merged()); // idempotent
        assertFalse(Mounter.isMountPoint(Path.of("/proc/self/mountinfo"), s.merged()));
        snapshotter.remove("c1");
        assertFalse(Files.exists(s.upper().getParent()));
    }

    @Test
    void aFailedMountSaysWhyInOneLine() throws Exception {
        Host.requireRoot();
        Path target = Files.createDirectory(tmp.resolve("target"));
        Mount bad = new Mount("overlay", "overlay", target, List.of("lowerdir=l/MISSING"), tmp);
        Mounter mounter = new Mounter();
        try {
            IOException e = assertThrows(IOException.class, () -> mounter.mount(bad));
            assertTrue(e.getMessage().startsWith("mount " + target + " failed"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } finally {
            mounter.unmount(target);
        }
    }

    /** An OCI layout of {@link #LAYERS} layers, each adding one file; layer 60 also whites out f10. */
    private static Path layout(Path dir) throws IOException {
        List<byte[]> tars = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
                add(t, "f" + i, i + "\n");
                if (i == 60) {
                    add(t, ".wh.f10", "");
                }
            }
            tars.add(out.toByteArray());
        }
        return OciLayout.write(dir, "many", tars);
    }

    private static void add(TarArchiveOutputStream t, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(b.length);
        e.setMode(0644);
        t.putArchiveEntry(e);
        t.write(b);
        t.closeArchiveEntry();
    }
}
