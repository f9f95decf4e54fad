package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a container's file under its root as an attacker inside would shape it: links and
 * {@code ..} that point out of the root, a FIFO, a huge file. {@code outside} stands for the host.
 */
class RootFileTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.writeString(tmp.resolve("secret"), "host secret\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 10.0.0.53\n");
    }

    @Test
    void readsAPlainFile() {
        RootFile.Content c = RootFile.read(root, "/etc/resolv.conf", 1000);
        assertEquals("nameserver 10.0.0.53\n", c.text());
        assertFalse(c.truncated());
        assertNull(c.error());
    }

    @Test
    void anAbsoluteLinkIsResolvedInsideTheRoot() throws IOException {
        Files.writeString(root.resolve("secret"), "container's own\n");
        Files.createSymbolicLink(root.resolve("etc/hosts"), outside);
        Files.createSymbolicLink(root.resolve("etc/h2"), Path.of("/secret"));
        assertEquals("no such file", RootFile.read(root, "/etc/hosts", 1000).error());
        assertEquals("container's own\n", RootFile.read(root, "/etc/h2", 1000).text());
    }

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("../../../../secret"));
        assertEquals("no such file", RootFile.read(root, "/etc/hosts", 1000).error());
        assertEquals("no such file", RootFile.read(root, "/../secret", 1000).error());
    }

    @Test
    void aLinkedDirectoryIsFollowedInsideToo() throws IOException {
        Files.delete(root.resolve("etc/resolv.conf"));
        Files.delete(root.resolve("etc"));
        Files.createDirectories(root.resolve("real"));
        Files.writeString(root.resolve("real/resolv.conf"), "nameserver 1.1.1.1\n");
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/real"));
        assertEquals("nameserver 1.1.1.1\n", RootFile.read(root, "/etc/resolv.conf", 1000).text());
    }

    @Test
    void aLinkLoopEnds() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("/etc/hosts"));
        assertEquals("too many symbolic links", RootFile.read(root, "/etc/hosts", 1000).error());
    }

    @Test
    void aFifoIsNotOpened() throws Exception {
        Path fifo = root.resolve("etc/hosts");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        assertEquals("not a regular file", RootFile.read(root, "/etc/hosts", 1000).error());
        Files.createDirectories(root.resolve("etc/dir"));
        assertEquals("not a regular file", RootFile.read(root, "/etc/dir", 1000).error());
    }

    @Test
    void aHugeFileIsCut() throws IOException {
        Files.writeString(root.resolve("etc/hosts"), "x".repeat(100_000));
        RootFile.Content c = RootFile.read(root, "/etc/hosts", 64);
        assertEquals(64, c.text().length());
        assertTrue(c.truncated());
    }
}
