package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jtop.linux.sys.Native;

/**
 * Reading a container's file under its root as an attacker inside would shape it: links and
 * {@code ..} that point out of the root, a FIFO (swapped in too), a huge file. {@code outside}
 * stands for the host. Every read that could block runs under a timeout, so a regression fails
 * the test instead of hanging the build.
 */
class RootFileTest {

    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    private static final String RESOLV = "nameserver 10.0.0.53\n";

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    /** A FIFO made by a test, opened in {@link #unblock} so that no reader stays blocked on it. */
    Path fifo;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.writeString(tmp.resolve("secret"), "host secret\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/resolv.conf"), RESOLV);
        fifo = tmp.resolve("fifo");
        Native.mkfifo(fifo.toString(), 0600);
    }

    /** Opening the FIFO for reading and writing never blocks, and wakes a reader stuck in open. */
    @AfterEach
    void unblock() throws IOException {
        FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
    }

    @Test
    void readsAPlainFile() {
        RootFile.Content c = read("/etc/resolv.conf", 1000);
        assertEquals(RESOLV, c.text());
        assertFalse(c.truncated());
        assertNull(c.error());
    }

    @Test
    void anAbsoluteLinkIsResolvedInsideTheRoot() throws IOException {
        Files.writeString(root.resolve("secret"), "container's own\n");
        Files.createSymbolicLink(root.resolve("etc/hosts"), outside);
        Files.createSymbolicLink(root.resolve("etc/h2"), Path.of("/secret"));
        Files.writeString(root.resolve("etc/shadow"), "container's shadow\n");
        Files.createSymbolicLink(root.resolve("etc/h3"), Path.of("/etc/shadow"));
        assertEquals("no such file", read("/etc/hosts", 1000).error());
        assertEquals("container's own\n", read("/etc/h2", 1000).text());
        assertEquals("container's shadow\n", read("/etc/h3", 1000).text());
    }

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("../../../../secret"));
        assertEquals("no such file", read("/etc/hosts", 1000).error());
        assertEquals("no such file", read("/../secret", 1000).error());
        Files.createSymbolicLink(root.resolve("etc/h2"), Path.of("../../../../etc/resolv.conf"));
        assertEquals(RESOLV, read("/etc/h2", 1000).text());
    }

    @Test
    void aLinkedDirectoryIsFollowedInsideToo() throws IOException {
        Files.delete(root.resolve("etc/resolv.conf"));
        Files.delete(root.resolve("etc"));
        Files.createDirectories(root.resolve("real"));
        Files.writeString(root.resolve("real/resolv.conf"), "nameserver 1.1.1.1\n");
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/real"));
        assertEquals("nameserver 1.1.1.1\n", read("/etc/resolv.conf", 1000).text());
    }

    @Test
    void aLinkLoopEnds() throws IOException {
        Files.createSymbolicLink(root.resolve("etc/hosts"), Path.of("/etc/hosts"));
        assertEquals("too many symbolic links", read("/etc/hosts", 1000).error());
        Files.createSymbolicLink(root.resolve("etc/a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("etc/b"), Path.of("/etc/a"));
        assertEquals("too many symbolic links", read("/etc/a", 1000).error());
    }

    @Test
    void aMissingFileIsSaid() {
        assertEquals("no such file", read("/etc/hosts", 1000).error());
        assertEquals("no such file", read("/nowhere/hosts", 1000).error());
        assertEquals("not a directory on the way", read("/etc/resolv.conf/hosts", 1000).error());
    }

    @Test
    void aFifoIsNotOpened() throws Exception {
        Files.createLink(root.resolve("etc/hosts"), fifo);
        assertEquals("not a regular file", read("/etc/hosts", 1000).error());
        Files.createDirectories(root.resolve("etc/dir"));
        assertEquals("not a regular file", read("/etc/dir", 1000).error());
    }

    @Test
    void aHugeFileIsCut() throws IOException {
        Files.write(root.resolve("etc/hosts"), new byte[10 << 20]);
        RootFile.Content c = read("/etc/hosts", 65536);
        assertEquals(65536, c.text().length());
        assertTrue(c.truncated());
        Files.writeString(root.resolve("etc/h2"), "x".repeat(64));
        assertFalse(read("/etc/h2", 64).truncated());
    }

    @Test
    void invalidUtf8IsReplaced() throws IOException {
        Files.write(root.resolve("etc/hosts"), new byte[] {'a', (byte) 0xff, (byte) 0xc3, '\n'});
        assertEquals("a\ufffd\ufffd\n", read("/etc/hosts", 1000).text());
    }

    /** The walk kept for kernels without openat2 keeps inside the root too, and refuses what is no regular file. */
    @Test
    void theWalkWithoutOpenat2KeepsInsideTheRoot() throws Exception {
        Files.writeString(root.resolve("etc/shadow"), "container's shadow\n");
        Files.createSymbolicLink(root.resolve("etc/hosts"), outside);
        Files.createSymbolicLink(root.resolve("etc/h2"), Path.of("../../../../etc/shadow"));
        Files.createSymbolicLink(root.resolve("etc/loop"), Path.of("/etc/loop"));
        Files.createLink(root.resolve("etc/fifo"), fifo);
        assertTimeoutPreemptively(AT_ONCE, () -> {
            assertEquals(RESOLV, RootFile.walk(root, "/etc/resolv.conf", 1000).text());
            assertEquals("container's shadow\n", RootFile.walk(root, "/etc/h2", 1000).text());
            assertThrows(NoSuchFileException.class, () -> RootFile.walk(root, "/etc/hosts", 1000));
            assertThrows(IOException.class, () -> RootFile.walk(root, "/etc/loop", 1000));
            assertEquals("not a regular file", RootFile.walk(root, "/etc/fifo", 1000).error());
            assertEquals("not a regular file", RootFile.walk(root, "/etc", 1000).error());
        });
    }

    /**
     * The race a container can run against a check and an open: its resolv.conf turns, by rename,
     * from a regular file into a FIFO and back. A read must never block on the FIFO.
     */
    @Test
    void aFileSwappedForAFifoNeverBlocks() throws Exception {
        Path regular = Files.writeString(tmp.resolve("regular"), RESOLV);
        Path conf = root.resolve("etc/resolv.conf");
        Path next = root.resolve("etc/next");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            for (int k = 0; !stop.get(); k++) {
                try {
                    Files.deleteIfExists(next);
                    Files.createLink(next, k % 2 == 0 ? fifo : regular);
                    Files.move(next, conf, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    failed.set(e);
                    return;
                }
            }
        });
        swapper.start();
        try {
            int[] seen = new int[2];
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int k = 0; k < 2000; k++) {
                    RootFile.Content c = RootFile.read(root, "/etc/resolv.conf", 1000);
                    if (c.error() == null) {
                        assertEquals(RESOLV, c.text());
                        seen[0]++;
                    } else {
                        assertEquals("not a regular file", c.error());
                        seen[1]++;
                    }
                }
            });
            assertTrue(seen[0] > 0 && seen[1] > 0, seen[0] + " regular, " + seen[1] + " FIFO");
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertNull(failed.get());
    }

    private RootFile.Content read(String path, int max) {
        return assertTimeoutPreemptively(AT_ONCE, () -> RootFile.read(root, path, max));
    }
}
