package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
