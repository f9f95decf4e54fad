package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop image import / images / image inspect / image rm} in process, on a store in a temp dir. */
class ImageCommandsIT {

    @TempDir
    Path tmp;

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @Test
    void importListInspectRemove() {
        Host.requireRoot();
        Path rootfs = Busybox.rootfs(tmp.resolve("rootfs"));
        InProcess.Run imported = jtop("image", "import", rootfs.toString(), "busybox:1");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().startsWith("sha256:"), imported.out());
        assertTrue(imported.err().contains("importing a root file system"), imported.err());

        InProcess.Run images = jtop("images");
        assertTrue(images.out().contains("busybox:1"), images.out());
        InProcess.Run inspect = jtop("image", "inspect", "busybox:1");
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("\"layer_dirs\""), inspect.out());

        InProcess.Run missing = jtop("image", "inspect", "nope");
        assertEquals(1, missing.exit());
        assertEquals("jtop: no image matches 'nope'\n", missing.err());
        InProcess.Run badSource = jtop("image", "import", tmp.resolve("absent").toString());
        assertEquals(1, badSource.exit());
        assertTrue(badSource.err().startsWith("jtop: no such file or directory: "), badSource.err());

        InProcess.Run rm = jtop("image", "rm", "busybox:1");
        assertEquals(0, rm.exit(), rm.err());
        assertEquals("IMAGE ID  NAMES  LAYERS  SIZE  CREATED\n", jtop("images").out());
    }

    @Test
    void anImageInUseIsRefusedForceKeepsItNamelessAndItGoesWithItsLastContainer() throws Exception {
        Host.requireRoot();
        Host.requireCommand("conmon");
        String id = jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb:1").out().strip();
        String shortId = id.substring(7, 19);
        Path layers = tmp.resolve("root/layers");
        assertEquals(0, jtop("run", "-d", "--name", "user", "bb:1", "sleep", "1000").exit());
        assertEquals(0, jtop("run", "-d", "--name", "stopped", "bb:1", "sleep", "1000").exit());
        assertEquals(0, jtop("stop", "-t", "0", "stopped").exit(), "a stopped one counts: it is restarted from its layers");

        InProcess.Run refused = jtop("image", "rm", "bb:1");
        assertEquals(1, refused.exit());
        assertEquals("jtop: image bb:1 is used by containers stopped, user: remove them first, or use --force to remove "
                + "only its name\n", sorted(refused.err()));
        assertTrue(jtop("images").out().contains("bb:1"), "still there");

        InProcess.Run forced = jtop("image", "rm", "--force", "bb:1");
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(forced.out().startsWith("untagged bb:1 (image " + shortId + " kept for "), forced.out());
        String images = jtop("images").out();
        assertTrue(images.lines().anyMatch(l -> l.startsWith(shortId) && l.contains("<none>")), images);
        assertEquals(1, countLayers(layers), "its layer stays");
        InProcess.Run noName = jtop("image", "rm", "--force", shortId);
        assertEquals(1, noName.exit());
        assertTrue(noName.err().startsWith("jtop: image " + shortId + " has no name to remove and is used by"),
                noName.err());
        assertEquals(0, jtop("restart", "-t", "0", "stopped").exit(), "restarted from the same layers");
        assertEquals(0, jtop("rm", "-f", "stopped").exit());
        assertTrue(jtop("images").out().contains(shortId), "kept while user uses it");

        assertEquals(0, jtop("rm", "-f", "user").exit());
        assertEquals("IMAGE ID  NAMES  LAYERS  SIZE  CREATED\n", jtop("images").out(), "gone with its last container");
        assertEquals(0, countLayers(layers), "and its layer with it");
        assertEquals(1, jtop("image", "inspect", shortId).exit());
    }

    /** The container names of a refusal in order, as the store lists them newest first. */
    private static String sorted(String refusal) {
        return refusal.replace("containers user, stopped:", "containers stopped, user:");
    }

    private static long countLayers(Path layers) throws Exception {
        try (var s = Files.list(layers)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
