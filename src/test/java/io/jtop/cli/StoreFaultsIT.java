package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store on a full file system (a 16 MiB tmpfs, filled) and a read-only one (a read-only bind of
 * the store): listing, stop, kill and rm still work where they need no space; what cannot be done
 * is refused before anything is half done, in one line naming the store. As root, in process.
 */
class StoreFaultsIT {

    @TempDir
    Path tmp;

    private Path store;
    private Path readOnly;

    @BeforeEach
    void tinyStore() throws IOException {
        Host.requireRoot();
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        store = Files.createDirectories(tmp.resolve("store"));
        Host.run("mount", "-t", "tmpfs", "-o", "size=16m", "jtop-store-faults", store.toString());
        InProcess.Run imported = jtop(store, "image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb");
        assertEquals(0, imported.exit(), imported.err());
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (readOnly != null) {
            Host.run("umount", readOnly.toString());
        }
        if (store != null) {
            Files.deleteIfExists(store.resolve("fill"));
            Files.deleteIfExists(store.resolve("fill2"));
            for (JsonNode row : jtop(store, "ps", "-a", "--json", "-d", "0").json()) {
                if (row.path("name").asText().startsWith("fault-")) {
                    jtop(store, "rm", "-f", row.path("id").asText());
                }
            }
            Host.run("umount", store.toString());
        }
    }

    private InProcess.Run jtop(Path root, String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.resolve("root").toString(),
                "--run-dir", tmp.resolve("run").toString()));
        all.addAll(List.of(args));
        return InProcess.jtop(all.toArray(String[]::new));
    }

    private String run(Path root, String name) {
        InProcess.Run r = jtop(root, "run", "-d", "--name", name, "bb", "sleep", "600");
        assertEquals(0, r.exit(), r.err());
        return r.out().strip();
    }

    /** Fills the store's file system to the last byte. */
    private void fill() throws IOException {
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(store.resolve("fill"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
        try (OutputStream out = Files.newOutputStream(store.resolve("fill2"))) { // the last partial block
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException e) {
            // full
        }
    }

    private static void assertOneLine(InProcess.Run r, String start) {
        assertTrue(r.err().startsWith(start) && r.err().lines().count() == 1, r.err());
    }

    @Test
    void aFullStoreStillListsStopsKillsAndRemovesAndAFailedRunLeavesNothing() throws Exception {
        run(store, "fault-1");
        run(store, "fault-2");
        String third = run(store, "fault-3");
        jtop(store, "ps", "-a", "-d", "0");
        fill();

        InProcess.Run ps = jtop(store, "ps", "-a", "-d", "0");
        assertEquals(0, ps.exit(), ps.err());
        for (String name : List.of("fault-1", "fault-2", "fault-3")) {
            assertTrue(ps.out().contains(name), "listed: " + name + "\n" + ps.out() + ps.err());
        }
        InProcess.Run kill = jtop(store, "kill", "fault-1");
        assertEquals(0, kill.exit(), kill.err());
        InProcess.Run after = jtop(store, "ps", "-a", "-d", "0");
        assertTrue(after.out().lines().anyMatch(l -> l.contains("fault-1") && l.contains("exited (137)")), after.out());
        assertTrue(after.err().contains("jtop: the store " + store.resolve("root") + " is full (no space left on "
                + "device): cannot save the record of fault-1\n"), "said, once a listing: " + after.err());

        InProcess.Run stop = jtop(store, "stop", "-t", "1", "fault-2");
        assertEquals(0, stop.exit(), stop.err());
        assertTrue(jtop(store, "ps", "-a", "-d", "0").out().lines()
                .anyMatch(l -> l.contains("fault-2") && l.contains("exited (")), "stopped");
        InProcess.Run rm = jtop(store, "rm", "-f", "fault-3");
        assertEquals(0, rm.exit(), rm.err());
        assertFalse(Files.exists(store.resolve("root/containers").resolve(third)));
        InProcess.Run rmBoth = jtop(store, "rm", "fault-1", "fault-2");
        assertEquals(0, rmBoth.exit(), rmBoth.err());

        fill(); // what the removals freed
        InProcess.Run failed = jtop(store, "run", "-d", "--name", "fault-4", "bb", "sleep", "600");
        assertEquals(1, failed.exit(), failed.err());
        assertOneLine(failed, "jtop: the store " + store.resolve("root") + " is full (no space left on device): ");
        try (var left = Files.list(store.resolve("root/containers"))) {
            assertEquals(List.of("lock"), left.map(p -> p.getFileName().toString()).toList(), "nothing of it is left");
        }
        try (var left = Files.list(store.resolve("root/snapshots"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aReadOnlyStoreListsAndPauseFreezesNothingItCannotRecord() throws Exception {
        String id = run(store, "fault-ro");
        jtop(store, "ps", "-a", "-d", "0");
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Host.run("mount", "--bind", store.toString(), ro.toString());
        readOnly = ro;
        Host.run("mount", "-o", "remount,ro,bind", ro.toString());

        InProcess.Run ps = jtop(ro, "ps", "-a", "-d", "0");
        assertEquals(0, ps.exit(), ps.err());
        assertTrue(ps.out().lines().anyMatch(l -> l.contains("fault-ro") && l.contains("running")), ps.out());

        InProcess.Run pause = jtop(ro, "pause", "fault-ro");
        assertEquals(1, pause.exit());
        assertEquals("jtop: the store " + ro.resolve("root") + " is read-only (read-only file system): cannot record "
                + "fault-ro as paused, so it was left running\n", pause.err());
        assertEquals("THAWED", Files.readString(Path.of("/sys/fs/cgroup/freezer/jtop", id, "freezer.state")).strip());

        InProcess.Run rm = jtop(ro, "rm", "-f", "fault-ro");
        assertEquals(1, rm.exit());
        assertEquals("jtop: the store " + ro.resolve("root") + " is read-only (read-only file system): cannot remove "
                + "fault-ro\n", rm.err());
        assertTrue(jtop(store, "ps", "-d", "0").out().contains("fault-ro"), "left running, not half removed");
    }
}
