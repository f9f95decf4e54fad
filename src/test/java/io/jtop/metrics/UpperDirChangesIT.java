package io.jtop.metrics;

import io.jtop.metrics.UpperDirChanges.Change;
import io.jtop.metrics.UpperDirChanges.Kind;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.jtop.metrics.UpperDirChangesTest.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real overlay mount of two lower layers: the test changes files through the merged view, as a
 * container would, and the scan of the upper directory reports what the kernel wrote there.
 */
class UpperDirChangesIT {

    @TempDir
    Path tmp;

    @Test
    void reportsWhatTheKernelWroteToTheUpperDirectory() throws IOException {
        Host.requireRoot(); // mounting needs CAP_SYS_ADMIN; whiteouts are devices; opaque is trusted.*
        Host.requireCommand("mount");
        Path lower2 = Files.createDirectory(tmp.resolve("lower2")); // the bottom layer
        file(lower2, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        file(lower2, "bin/tool", "tool binary");
        file(lower2, "var/cache/a", "aaaa");
        file(lower2, "var/cache/b", "bb");
        file(lower2, "usr/share/doc/readme", "read me\n");
        Path lower1 = Files.createDirectory(tmp.resolve("lower1"));
        file(lower1, "etc/motd", "welcome\n");
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));

        Host.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower1 + ":" + lower2 + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
        try {
            file(merged, "new.txt", "brand new");                                              // ADDED
            Files.writeString(merged.resolve("etc/passwd"), "app:x:1000:1000::/app:/bin/sh\n",
                    StandardOpenOption.APPEND);                                                // copied up
            Files.setPosixFilePermissions(merged.resolve("usr/share/doc/readme"),
                    PosixFilePermissions.fromString("rw-------"));                             // copied up by chmod
            Files.delete(merged.resolve("bin/tool"));                                          // whiteout
            Files.delete(merged.resolve("etc/motd"));                                          // of the top lower
            Host.deleteTree(merged.resolve("var/cache"));                                      // rm -rf …
            Files.createDirectory(merged.resolve("var/cache"));                                // … mkdir: opaque
            file(merged, "var/cache/fresh", "fresh");
            file(merged, "data/sub/f", "0123456789");

            List<Change> expected = List.of(
                    new Change(Kind.DELETED, "/bin/tool", 0),
                    new Change(Kind.ADDED, "/data", 0),
                    new Change(Kind.ADDED, "/data/sub", 0),
                    new Change(Kind.ADDED, "/data/sub/f", 10),
                    new Change(Kind.DELETED, "/etc/motd", 0),
                    new Change(Kind.MODIFIED, "/etc/passwd", 56),
                    new Change(Kind.ADDED, "/new.txt", 9),
                    new Change(Kind.MODIFIED, "/usr/share/doc/readme", 8),
                    new Change(Kind.OPAQUE, "/var/cache", 0),
                    new Change(Kind.ADDED, "/var/cache/fresh", 5));
            UpperDirChanges live = UpperDirChanges.scan(upper, List.of(lower1, lower2), 1000);
            assertEquals(expected, live.changes(), "scanned while mounted, as for a running container");
            assertEquals(new UpperDirChanges.Total(5, 24), live.totals().get(Kind.ADDED));
            assertEquals(new UpperDirChanges.Total(2, 64), live.totals().get(Kind.MODIFIED));
            assertEquals(new UpperDirChanges.Total(2, 0), live.totals().get(Kind.DELETED));
            assertEquals(new UpperDirChanges.Total(1, 0), live.totals().get(Kind.OPAQUE));
            assertFalse(live.truncated());
            assertEquals(0, live.skipped());

            UpperDirChanges bounded = UpperDirChanges.scan(upper, List.of(lower1, lower2), 5);
            assertTrue(bounded.truncated());
        } finally {
            Host.run("umount", merged.toString());
        }
    }
}
