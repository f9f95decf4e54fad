package io.jtop.metrics;

import io.jtop.metrics.UpperDirChanges.Change;
import io.jtop.metrics.UpperDirChanges.Kind;
import io.jtop.metrics.UpperDirChanges.Total;
import io.jtop.linux.sys.Native;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upper and lower directories laid out as overlayfs leaves them, on a @TempDir (ext4 or tmpfs:
 * both keep {@code user.} xattrs; {@code trusted.} and whiteout devices need root).
 */
class UpperDirChangesTest {

    @TempDir
    Path tmp;

    private Path upper;
    private Path lower1;
    private Path lower2;

    @BeforeEach
    void layers() throws IOException {
        upper = Files.createDirectory(tmp.resolve("upper"));
        lower1 = Files.createDirectory(tmp.resolve("lower1"));
        lower2 = Files.createDirectory(tmp.resolve("lower2"));
    }

    private UpperDirChanges scan(int max) throws IOException {
        return UpperDirChanges.scan(upper, List.of(lower1, lower2), max);
    }

    /** Writes a file of a layer, with its parent directories. */
    static Path file(Path layer, String rel, String content) throws IOException {
        Path p = layer.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static void xattr(Path p, String name, String value) throws IOException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        Native.lsetxattr(p.toString(), name, v, v.length, 0);
    }

    /** Whether we run as uid 0: /proc/self belongs to our effective uid. */
    private static boolean root() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    @Test
    void addedAndModifiedAgainstEveryLowerLayer() throws IOException {
        file(lower1, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        file(lower2, "bin/sh", "ELF");
        file(lower2, "etc/hostname", "image\n");
        file(upper, "etc/passwd", "root:x:0:0::/root:/bin/ash\nnew:x:1:1::/:/bin/sh\n");  // copied up from lower1
        file(upper, "etc/hostname", "box\n");                                               // from lower2
        file(upper, "etc/new.conf", "abc");
        Files.createDirectories(upper.resolve("bin"));
        Files.createSymbolicLink(upper.resolve("bin/sh"), Path.of("busybox"));             // a symlink over a file
        file(upper, "data/db/x", "12345");

        UpperDirChanges c = scan(100);
        assertEquals(List.of(
                new Change(Kind.MODIFIED, "/bin/sh", 7),
                new Change(Kind.ADDED, "/data", 0),
                new Change(Kind.ADDED, "/data/db", 0),
                new Change(Kind.ADDED, "/data/db/x", 5),
                new Change(Kind.MODIFIED, "/etc/hostname", 4),
                new Change(Kind.ADDED, "/etc/new.conf", 3),
                new Change(Kind.MODIFIED, "/etc/passwd", 48)), c.changes(), "parents that exist below are not listed");
        assertEquals(new Total(4, 8), c.totals().get(Kind.ADDED));
        assertEquals(new Total(3, 59), c.totals().get(Kind.MODIFIED));
        assertEquals(new Total(0, 0), c.totals().get(Kind.DELETED));
        assertFalse(c.truncated());
        assertEquals(0, c.skipped());
    }

    @Test
    void whiteoutXattrFilesAreDeletionsAndOpaqueDirectoriesHideTheLowerOnes() throws IOException {
        // Kernel >= 6.7 whiteouts: an empty file with overlay.whiteout (user. on userxattr mounts).
        xattr(file(upper, "etc/motd", ""), "user.overlay.whiteout", "");
        xattr(upper.resolve("etc"), "user.overlay.opaque", "x"); // "x": has xattr whiteouts, not opaque
        file(lower2, "etc/motd", "hello");
        file(lower2, "var/cache/old", "old");
        file(lower2, "var/cache/keep", "keep");
        file(upper, "var/cache/keep", "new");
        xattr(upper.resolve("var/cache"), "user.overlay.opaque", "y");

        assertEquals(List.of(
                new Change(Kind.DELETED, "/etc/motd", 0),
                new Change(Kind.OPAQUE, "/var/cache", 0),
                new Change(Kind.ADDED, "/var/cache/keep", 3)), scan(100).changes(),
                "below an opaque directory nothing of the lower layers shows: all is new");
    }

    @Test
    void lowerLayersAreLookedUpAsTheMergedViewSeesThem() throws IOException {
        file(lower2, "a", "a");          // whited out by lower1 …
        xattr(file(lower1, "a", ""), "user.overlay.whiteout", "");
        file(upper, "a", "again");       // … so the container's a is new
        file(lower2, "d/f", "f");        // hidden by lower1's opaque d …
        Files.createDirectories(lower1.resolve("d"));
        xattr(lower1.resolve("d"), "user.overlay.opaque", "y");
        file(upper, "d/f", "f2");        // … so d/f is new too
        file(lower1, "s", "a file");     // a directory over a lower file
        file(upper, "s/inner", "i");

        assertEquals(List.of(
                new Change(Kind.ADDED, "/a", 5),
                new Change(Kind.ADDED, "/d/f", 2),
                new Change(Kind.MODIFIED, "/s", 0),
                new Change(Kind.ADDED, "/s/inner", 1)), scan(100).changes());
    }

    /**
     * Names a container gave its files, bytes that are not UTF-8 included: listed as UTF-8 text,
     * such a byte as its surrogate escape (shown {@code \xff}), not as U+FFFD; and looked up in
     * the lower layers by their bytes, so a copy-up is MODIFIED, not ADDED.
     */
    @Test
    void namesAreKeptByteForByte() throws Exception {
        // The JDK cannot name a file with a byte that is not UTF-8: the shell makes them.
        String script = "mkdir -p \"$1/d$(printf '\\377')\" && touch \"$1/d$(printf '\\377')/x$(printf '\\033]0;PWN\\007\\342\\200\\256\\376')\" "
                + "\"$2/$(printf '\\377\\376')\" \"$1/$(printf '\\377\\376')\"";
        Process p = new ProcessBuilder("sh", "-c", script, "sh", upper.toString(), lower1.toString()).start();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        UpperDirChanges c = scan(100);
        assertEquals(List.of(
                new Change(Kind.ADDED, "/d\uDCFF", 0),
                new Change(Kind.ADDED, "/d\uDCFF/x\u001B]0;PWN\u0007\u202E\uDCFE", 0),
                new Change(Kind.MODIFIED, "/\uDCFF\uDCFE", 0)), c.changes());
    }

    @Test
    void symlinksAreNeverFollowed() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("host-secrets"));
        file(outside, "shadow", "secret");
        Files.createSymbolicLink(upper.resolve("escape"), outside);
        UpperDirChanges c = scan(100);
        assertEquals(List.of(new Change(Kind.ADDED, "/escape", outside.toString().length())), c.changes());
    }

    @Test
    void theWorkIsBoundedAndSaysSo() throws IOException {
        for (int i = 0; i < 10; i++) {
            file(upper, "f" + i, "x");
        }
        UpperDirChanges c = scan(4);
        assertTrue(c.truncated());
        assertEquals(4, c.changes().size());
        assertEquals(new Total(4, 4), c.totals().get(Kind.ADDED));

        Path deep = upper;
        for (int i = 0; i < UpperDirChanges.MAX_DEPTH + 5; i++) {
            deep = deep.resolve("d");
        }
        Files.createDirectories(deep);
        UpperDirChanges d = UpperDirChanges.scan(upper.resolve("d"), List.of(), 10_000);
        assertTrue(d.truncated(), "too deep to enter");
        assertEquals(UpperDirChanges.MAX_DEPTH, d.changes().size());
    }

    @Test
    void aMissingUpperDirectoryIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> UpperDirChanges.scan(tmp.resolve("none"), List.of(), 10));
        assertTrue(e.getMessage().contains("none"), e.getMessage());
    }

    @Test
    void characterDevice00IsADeletionAndTrustedXattrsCount() throws IOException {
        Assumptions.assumeTrue(root(), "needs root: mknod of a whiteout and trusted.* xattrs");
        file(lower1, "bin/vi", "vi");
        file(lower1, "opt/app/x", "x");
        Files.createDirectories(upper.resolve("bin"));
        Native.mknod(upper.resolve("bin/vi").toString(), Native.S_IFCHR, 0);
        Files.createDirectories(upper.resolve("opt/app"));
        xattr(upper.resolve("opt/app"), "trusted.overlay.opaque", "y");
        Native.mknod(upper.resolve("bin/tty").toString(), Native.S_IFCHR | 0600, (5L << 8)); // a real device: added

        assertEquals(List.of(
                new Change(Kind.ADDED, "/bin/tty", 0),
                new Change(Kind.DELETED, "/bin/vi", 0),
                new Change(Kind.OPAQUE, "/opt/app", 0)), scan(100).changes());
    }
}
