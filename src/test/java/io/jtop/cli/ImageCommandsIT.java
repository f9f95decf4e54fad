package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop image import / images / image inspect / image rm} in process, on a store in a temp dir. */
class ImageCommandsIT {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run jtop(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = tmp.resolve("store").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void importListInspectRemove() {
        Host.requireRoot();
        Path rootfs = Busybox.rootfs(tmp.resolve("rootfs"));
        Run imported = jtop("image", "import", rootfs.toString(), "busybox:1");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().startsWith("sha256:"), imported.out());
        assertTrue(imported.err().contains("importing a root file system"), imported.err());

        Run images = jtop("images");
        assertTrue(images.out().contains("busybox:1"), images.out());
        Run inspect = jtop("image", "inspect", "busybox:1");
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("\"layer_dirs\""), inspect.out());

        Run missing = jtop("image", "inspect", "nope");
        assertEquals(1, missing.exit());
        assertEquals("jtop: no image matches 'nope'\n", missing.err());
        Run badSource = jtop("image", "import", tmp.resolve("absent").toString());
        assertEquals(1, badSource.exit());
        assertTrue(badSource.err().startsWith("jtop: no such file or directory: "), badSource.err());

        Run rm = jtop("image", "rm", "busybox:1");
        assertEquals(0, rm.exit(), rm.err());
        assertEquals("IMAGE ID  NAMES  LAYERS  SIZE  CREATED\n", jtop("images").out());
    }
}
