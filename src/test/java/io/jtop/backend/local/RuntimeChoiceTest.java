package io.jtop.backend.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The runtime a container keeps: written, read back, and what older or damaged files mean. */
class RuntimeChoiceTest {

    private static final Path RUN = Path.of("/run/jtop");

    @TempDir
    Path dir;

    @Test
    void aRuntimeGetsARootNamedAsItsFile() {
        RuntimeChoice crun = RuntimeChoice.of(Path.of("/usr/bin/crun"), RUN);
        assertEquals(Path.of("/run/jtop/crun"), crun.root());
        assertEquals("crun", crun.name());
    }

    @Test
    void whatIsWrittenIsReadBack() throws IOException {
        RuntimeChoice crun = new RuntimeChoice(Path.of("/usr/bin/crun"), Path.of("/run/jtop/crun"));
        crun.write(dir);
        assertEquals("/usr/bin/crun\n/run/jtop/crun\n", Files.readString(dir.resolve(RuntimeChoice.FILE)));
        assertEquals(crun, RuntimeChoice.read(dir, Path.of("/elsewhere")), "the root kept, not one made anew");
    }

    /** Records made before the runtime, or its root, was kept: runc, and the root every runtime shared. */
    @Test
    void olderRecordsMeanRuncAndTheSharedRoot() throws IOException {
        assertEquals(new RuntimeChoice(Path.of("/usr/sbin/runc"), Path.of("/run/jtop/runc")), RuntimeChoice.read(dir, RUN));
        assertEquals(new RuntimeChoice(Path.of("/usr/bin/crun"), Path.of("/run/jtop/runc")),
                RuntimeChoice.parse("/usr/bin/crun", RUN));
    }

    @Test
    void aDamagedFileIsRefusedNeverRun() {
        for (String text : new String[] {"", "\n\n", "crun\n/run/jtop/crun\n", "/usr/bin/crun\nrun/crun\n",
                "/usr/bin/../bin/crun\n", "/usr/bin/crun\u001b[2J\n", "/a\n/b\n/c\n", "/usr/bin/c\u0000run"}) {
            assertThrows(IOException.class, () -> RuntimeChoice.parse(text, RUN), text);
        }
    }
}
