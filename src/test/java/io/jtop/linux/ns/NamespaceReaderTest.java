package io.jtop.linux.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's namespaces are PID 1's; where those cannot be read, sharing is unknown, never "host". */
class NamespaceReaderTest {

    private static final String JTOP_NET = "net:[4026532555]";

    @TempDir
    Path root;

    private void link(int pid, String type, String target) throws IOException {
        Path dir = Files.createDirectories(root.resolve("proc/" + pid + "/ns"));
        Files.createSymbolicLink(dir.resolve(type), Path.of(target));
    }

    private void self(String type, String target) throws IOException {
        Path dir = Files.createDirectories(root.resolve("proc/self/ns"));
        Files.createSymbolicLink(dir.resolve(type), Path.of(target));
    }

    private NamespaceReader reader() {
        return new NamespaceReader(new ProcFs(root, new KernelFiles(16)));
    }

    @Test
    void pid1sLinksAreTheHosts() throws IOException {
        link(1, "net", "net:[4026531840]");
        link(42, "net", "net:[4026531840]");
        link(43, "net", "net:[4026532999]");
        NamespaceReader r = reader();
        assertTrue(r.sharedWithHost(r.inodes(42), "net"));
        assertFalse(r.sharedWithHost(r.inodes(43), "net"));
    }

    /**
     * jtop in a container with the host's PID namespace but without the right to read PID 1's
     * links: a container in the same network namespace as jtop (here `--network none` joined by
     * jtop's, or jtop exec'd into it) was flagged host-net, jtop's own namespace standing in for
     * the host's.
     */
    @Test
    void unreadablePid1MakesSharingUnknownNotHost() throws IOException {
        Files.createDirectories(root.resolve("proc/1/ns")); // the links are there but not ours to read
        self("net", JTOP_NET);
        link(42, "net", JTOP_NET);
        link(43, "net", "net:[4026532999]");
        NamespaceReader r = reader();
        assertNull(r.sharedWithHost(r.inodes(42), "net"));
        assertNull(r.sharedWithHost(r.inodes(43), "net"));
        assertEquals(-1L, r.host().get("net"));
    }

    @Test
    void garbledPid1LinkIsUnknownToo() throws IOException {
        link(1, "net", "net:[garbage");
        self("net", JTOP_NET);
        link(42, "net", JTOP_NET);
        NamespaceReader r = reader();
        assertNull(r.sharedWithHost(r.inodes(42), "net"));
    }

    private void stat(int pid, String comm, int ppid) throws IOException {
        Path dir = Files.createDirectories(root.resolve("proc/" + pid));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid
                + " 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 0 1\n");
    }

    /**
     * A sandbox or hardened /proc denies PID 1's links even to root while the kernel's thread
     * creator, PID 2 with no parent, is readable: the kernel's threads live in the initial
     * namespaces, so its links are the host's.
     */
    @Test
    void unreadablePid1FallsBackToKthreadd() throws IOException {
        Files.createDirectories(root.resolve("proc/1/ns"));
        stat(2, "kthreadd", 0);
        link(2, "net", "net:[4026531840]");
        link(42, "net", "net:[4026531840]");
        link(43, "net", "net:[4026532999]");
        NamespaceReader r = reader();
        assertTrue(r.sharedWithHost(r.inodes(42), "net"));
        assertFalse(r.sharedWithHost(r.inodes(43), "net"));
    }

    /** In a PID namespace of its own, jtop's PID 2 is some process of the container: no reference. */
    @Test
    void pid2OfAContainerIsNoReference() throws IOException {
        Files.createDirectories(root.resolve("proc/1/ns"));
        stat(2, "kthreadd", 1); // a process that only calls itself so, with a parent
        link(2, "net", JTOP_NET);
        link(42, "net", JTOP_NET);
        NamespaceReader r = reader();
        assertNull(r.sharedWithHost(r.inodes(42), "net"));
    }
}
