package io.jtop.engine.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateStoreTest {

    @TempDir
    Path root;

    static ContainerRecord record(String id, String name) {
        return new ContainerRecord(id, name, "sha256:" + "1".repeat(64), "busybox:latest", List.of("sh"),
                "2026-11-29T00:00:00Z", LifecycleState.CREATED, 0, 0, 0, "boot", -1, null, false, null, false);
    }

    @Test
    void transitionsFollowTheStateMachine() {
        ContainerRecord r = record("a".repeat(64), "web");
        ContainerRecord running = r.running(42, 7, 41, "boot");
        assertEquals(LifecycleState.RUNNING, running.state());
        assertEquals(LifecycleState.PAUSED, running.moveTo(LifecycleState.PAUSED).state());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> running.moveTo(LifecycleState.REMOVED));
        assertEquals("web is running: it cannot become removed (stop it first, or rm -f)", e.getMessage());
        ContainerRecord exited = running.exited(137, null, true, "2026-11-29T00:00:01Z");
        assertEquals(137, exited.exitCode());
        assertTrue(exited.oomKilled());
        assertEquals(0, exited.pid(), "an exited container has no pid to signal");
        assertThrows(IllegalStateException.class, () -> exited.moveTo(LifecycleState.PAUSED));
        assertEquals(LifecycleState.RUNNING, exited.running(50, 8, 49, "boot").state(), "restart");
    }

    @Test
    void recordsSurviveAndNamesAreUnique() throws Exception {
        StateStore store = new StateStore(root);
        store.create(record("a".repeat(64), "web"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.create(record("b".repeat(64), "web")));
        assertTrue(e.getMessage().startsWith("the name 'web' is taken by aaaaaaaaaaaa"), e.getMessage());
        store.update("a".repeat(64), r -> r.running(10, 20, 9, "boot"));
        store.created("a".repeat(64));
        ContainerRecord back = new StateStore(root).get("a".repeat(64)).orElseThrow();
        assertEquals(LifecycleState.RUNNING, back.state());
        assertEquals(10, back.pid());
        try (var files = Files.list(store.containerDir("a".repeat(64)))) {
            assertEquals(List.of("state.json"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temp file or creation mark left beside the record");
        }
        store.delete("a".repeat(64));
        assertTrue(store.list().isEmpty());
        assertFalse(Files.exists(store.containerDir("a".repeat(64))));
    }

    @Test
    void concurrentUpdatesAreNeverLost() throws Exception {
        String id = "c".repeat(64);
        new StateStore(root).create(record(id, "counter"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            StateStore own = new StateStore(root); // as separate callers would
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    own.update(id, r -> {
                        List<String> cmd = new ArrayList<>(r.command());
                        cmd.add("x");
                        return new ContainerRecord(r.id(), r.name(), r.image(), r.imageName(), cmd, r.created(),
                                r.state(), r.pid(), r.pidStartTicks(), r.conmonPid(), r.bootId(), r.exitCode(),
                                r.exitReason(), r.oomKilled(), r.finished(), r.autoRemove());
                    });
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(1 + 200, new StateStore(root).get(id).orElseThrow().command().size());
    }

    @Test
    void twoProcessesAtOnceNeverLoseAnUpdate() throws Exception {
        String id = "d".repeat(64);
        new StateStore(root).create(record(id, "shared"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java, "-cp", cp, StateStoreHammer.class.getName(), root.toString(), id, "100")
                    .redirectErrorStream(true).start());
        }
        for (Process p : children) {
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
        }
        assertEquals(1 + 200, new StateStore(root).get(id).orElseThrow().command().size());
    }

    @Test
    void aRecordIsBeingCreatedWhileItsCreatorRunsAndNotOnceTheCreatorIsKilled() throws Exception {
        String id = "e".repeat(64);
        StateStore store = new StateStore(root);
        store.create(record("f".repeat(64), "own"));
        assertTrue(store.beingCreated("f".repeat(64)), "this process's own creation");
        assertTrue(new StateStore(root).beingCreated("f".repeat(64)), "seen by another store of this process");
        store.created("f".repeat(64));
        assertFalse(store.beingCreated("f".repeat(64)), "done");

        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process creator = new ProcessBuilder(java, "-cp", cp, StateStoreCreator.class.getName(), root.toString(), id)
                .redirectErrorStream(true).start();
        try {
            String said = new java.io.BufferedReader(new java.io.InputStreamReader(creator.getInputStream())).readLine();
            assertEquals("created", said);
            assertEquals(LifecycleState.CREATED, store.get(id).orElseThrow().state());
            assertTrue(store.beingCreated(id), "another process is creating it");
        } finally {
            creator.destroyForcibly().waitFor();
        }
        assertFalse(store.beingCreated(id), "its creator was killed half-way");
    }

    @Test
    void everyWriteChangesTheTimeOfTheRecordsDirectoryForOtherProcessesViews() throws Exception {
        StateStore store = new StateStore(root);
        String id = "a".repeat(64);
        store.create(record(id, "web"));
        java.util.Set<java.nio.file.attribute.FileTime> times = new java.util.HashSet<>();
        times.add(Files.getLastModifiedTime(store.directory()));
        for (int i = 0; i < 5; i++) { // back to back: within one tick of the kernel's coarse clock
            int pid = 10 + i;
            store.update(id, r -> r.state() == LifecycleState.CREATED ? r.running(pid, 1, 9, "boot")
                    : r.moveTo(r.state() == LifecycleState.RUNNING ? LifecycleState.PAUSED : LifecycleState.RUNNING));
            times.add(Files.getLastModifiedTime(store.directory()));
        }
        store.delete(id);
        times.add(Files.getLastModifiedTime(store.directory()));
        assertEquals(7, times.size(), "a new time at each write: " + times);
    }

    @Test
    void aFirstListingReadsTheIndexWhileItIsCurrentAndTheRecordsOnceAnythingChanged() throws Exception {
        StateStore store = new StateStore(root);
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        store.create(record(a, "web"));
        store.create(record(b, "db"));
        store.created(a);
        store.created(b);
        List<ContainerRecord> first = store.list(); // no index yet: read from the records, and indexed
        assertEquals(List.of("db", "web"), first.stream().map(ContainerRecord::name).toList());
        assertTrue(Files.isRegularFile(root.resolve("containers.index")));

        // A record changed behind the store's back (the directory's time unmoved) shows which was read.
        Path f = store.containerDir(a).resolve("state.json");
        String json = Files.readString(f);
        Files.writeString(f, json.replace("\"web\"", "\"renamed\""));
        assertEquals(first, new StateStore(root).list(), "the next process's first listing: the index");

        store.update(b, r -> r.running(10, 20, 9, "boot")); // through the store: the directory's time moves
        List<ContainerRecord> now = new StateStore(root).list();
        assertEquals(List.of("db", "renamed"), now.stream().map(ContainerRecord::name).toList(), "the records");
        assertEquals(LifecycleState.RUNNING, now.get(0).state());
        assertEquals(now, new StateStore(root).list(), "indexed again, at the new time");

        Files.writeString(root.resolve("containers.index"), "{\"key\": 12");
        assertEquals(now, new StateStore(root).list(), "a damaged index is passed over");
        store.delete(a);
        assertEquals(List.of("db"), new StateStore(root).list().stream().map(ContainerRecord::name).toList());
    }

    @Test
    void listingsWithNothingWrittenBetweenGiveTheSameRecordObjects() throws Exception {
        StateStore store = new StateStore(root);
        store.create(record("a".repeat(64), "web"));
        store.create(record("b".repeat(64), "db"));
        for (StateStore s : List.of(store, new StateStore(root))) { // from the records, and from the index
            List<ContainerRecord> first = s.list();
            List<ContainerRecord> again = s.list();
            for (int i = 0; i < first.size(); i++) {
                assertSame(first.get(i), again.get(i));
            }
        }
        store.update("a".repeat(64), r -> r.running(10, 20, 9, "boot"));
        assertEquals(LifecycleState.RUNNING, store.list().stream().filter(r -> r.name().equals("web"))
                .findFirst().orElseThrow().state(), "a write is seen");
    }

    @Test
    void aDamagedRecordIsNotIndexedSoEachProcessSaysItIsUnreadable() throws Exception {
        StateStore store = new StateStore(root);
        String a = "a".repeat(64);
        store.create(record(a, "web"));
        store.create(record("b".repeat(64), "db"));
        Files.writeString(store.containerDir(a).resolve("state.json"), "{\"id\": ");
        assertEquals(1, store.list().size());
        StateStore next = new StateStore(root);
        assertEquals(1, next.list().size());
        assertEquals(1, next.unreadable().size(), "told again: " + next.unreadable());
    }
}
