package io.jtop.linux.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PasswdFileTest {

    @Test
    void theFirstLineOfAUidNamesIt() {
        String text = "root:x:0:0:root:/root:/bin/bash\n# a comment\ngarbage\n"
                + "app:x:1000:1000::/home/app:/bin/sh\ntoor:x:0:0::/root:/bin/sh\n";
        assertEquals("root", PasswdFile.name(text, 0));
        assertEquals("app", PasswdFile.name(text, 1000));
        assertNull(PasswdFile.name(text, 1001));
        assertNull(PasswdFile.name("+nis::1001:1001:::\n::1002:1::/:/bin/sh\n", 1001), "a NIS line names no one");
        assertNull(PasswdFile.name("+nis::1001:1001:::\n::1002:1::/:/bin/sh\n", 1002), "nor an empty name");
    }

    @Test
    void aMissingFileOrAHugeOneIsNoCrash(@TempDir Path dir) throws Exception {
        assertNull(PasswdFile.name(dir.resolve("none"), 0));
        Path huge = dir.resolve("passwd");
        Files.writeString(huge, "x".repeat(PasswdFile.MAX_BYTES) + "\nlate:x:7:7::/:/bin/sh\n");
        assertNull(PasswdFile.name(huge, 7), "read no further than MAX_BYTES");
        Files.writeString(huge, "early:x:7:7::/:/bin/sh\n" + "x".repeat(PasswdFile.MAX_BYTES));
        assertEquals("early", PasswdFile.name(huge, 7));
    }
}
