package io.jtop.engine.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        return ContainerRecord.builder().id(id).name(name).image("sha256:" + "1".repeat(64))
                .imageName("busybox:latest").command(List.of("sh")).created("2026-11-29T00:00:00Z")
                .state(LifecycleState.CREATED).bootId("boot").exitCode(-1).build();
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
                        return r.toBuilder().command(cmd).build();
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
            String said = new BufferedReader(new InputStreamReader(creator.getInputStream())).readLine();
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
        Set<FileTime> times = new HashSet<>();
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

    /** A store with two created records: "web" (id a…) and "db" (id b…). */
    private StateStore webAndDb() throws IOException {
        StateStore store = new StateStore(root);
        store.create(record("a".repeat(64), "web"));
        store.create(record("b".repeat(64), "db"));
        store.created("a".repeat(64));
        store.created("b".repeat(64));
        return store;
    }

    @Test
    void aFirstListingReadsTheIndexWhileItIsCurrentAndTheRecordsOnceAnythingChanged() throws Exception {
        StateStore store = webAndDb();
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        List<ContainerRecord> first = store.list(); // no index yet: read from the records, and indexed
        assertEquals(List.of("db", "web"), first.stream().map(ContainerRecord::name).toList());
        Path index = root.resolve("containers.index");
        assertTrue(Files.isRegularFile(index));

        // The index names a record otherwise than its file does, stamps unchanged: what a listing shows is what it read.
        String indexed = Files.readString(index);
        Files.writeString(index, indexed.replace("\tweb\t", "\tidx\t"));
        assertEquals(List.of("db", "idx"), new StateStore(root).list().stream().map(ContainerRecord::name).toList(),
                "the next process's first listing: the index");
        Files.writeString(index, indexed);

        store.update(b, r -> r.running(10, 20, 9, "boot")); // through the store: the directory's time moves
        List<ContainerRecord> now = new StateStore(root).list();
        assertEquals(List.of("db", "web"), now.stream().map(ContainerRecord::name).toList(), "the records");
        assertEquals(LifecycleState.RUNNING, now.get(0).state());
        assertEquals(now, new StateStore(root).list(), "indexed again, at the new time");

        Files.writeString(index, "{\"key\": 12");
        assertEquals(now, new StateStore(root).list(), "a damaged index is passed over");
        store.delete(a);
        assertEquals(List.of("db"), new StateStore(root).list().stream().map(ContainerRecord::name).toList());
    }

    @Test
    void theIndexNeverServesARecordChangedBehindIt() throws Exception {
        StateStore store = webAndDb();
        String a = "a".repeat(64);
        store.list(); // indexed
        Path f = store.containerDir(a).resolve("state.json");
        FileTime dirTime = Files.getLastModifiedTime(store.directory());

        // Edited in place, the directory's time unmoved: only the record's own stamp tells.
        String json = Files.readString(f);
        Files.writeString(f, json.replace("\"web\"", "\"WEB\"")); // the same size
        Files.setLastModifiedTime(f, FileTime.fromMillis(
                Files.getLastModifiedTime(f).toMillis() + 1000)); // as an edit by hand, later
        assertEquals(dirTime, Files.getLastModifiedTime(store.directory()));
        assertEquals(List.of("db", "WEB"), new StateStore(root).list().stream().map(ContainerRecord::name).toList());

        Files.writeString(f, "{}");
        StateStore.Listing l = new StateStore(root).listAll();
        assertEquals(List.of("db"), l.records().stream().map(ContainerRecord::name).toList());
        assertEquals(List.of(new StateStore.Damaged(a, "missing id, name, state, created")), l.damaged());
        assertEquals(l.damaged(), store.listAll().damaged(), "a store that had read it before sees it too");

        Files.writeString(f, json.substring(0, 40));
        assertEquals(List.of(new StateStore.Damaged(a, "truncated")), new StateStore(root).listAll().damaged());
    }

    @Test
    void oneBadRecordOfAnyKindIsListedAsDamagedAndTheOthersAreUntouched() throws Exception {
        StateStore store = new StateStore(root);
        String good = "0".repeat(64);
        store.create(record(good, "good"));
        store.created(good);
        String json = Files.readString(store.containerDir(good).resolve("state.json"));
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("", "empty");
        reasons.put(json.substring(0, json.length() / 2), "truncated");
        reasons.put("\u0001garbage", "garbled near line 1, column 2");
        reasons.put("{}", "missing id, name, state, created");
        reasons.put(json.replace("\"format\" : 1", "\"format\" : 7"), "format 7, newer than this jtop reads (1)");
        reasons.put(json.replace(good, "9".repeat(64)), "its id is not its directory's");
        List<StateStore.Damaged> expected = new ArrayList<>();
        int n = 1;
        for (var kind : reasons.entrySet()) {
            String id = Integer.toHexString(n++).repeat(64);
            Files.createDirectories(store.containerDir(id));
            Files.writeString(store.containerDir(id).resolve("state.json"), kind.getKey());
            expected.add(new StateStore.Damaged(id, kind.getValue()));
        }
        String dir = "7".repeat(64); // a record that is a directory
        Files.createDirectories(store.containerDir(dir).resolve("state.json"));
        expected.add(new StateStore.Damaged(dir, "not a regular file"));
        String none = "8".repeat(64); // what a failed run of an earlier jtop left
        Files.createDirectories(store.containerDir(none));
        expected.add(new StateStore.Damaged(none, "no state.json"));
        Files.createDirectories(store.containerDir("not-an-id"));

        for (StateStore s : List.of(store, new StateStore(root))) {
            StateStore.Listing l = s.listAll();
            assertEquals(List.of("good"), l.records().stream().map(ContainerRecord::name).toList());
            assertEquals(expected, l.damaged().stream().sorted(Comparator.comparing(StateStore.Damaged::id))
                    .toList());
        }
        assertThrows(CorruptRecordException.class, () -> store.get(expected.get(0).id()));
        for (StateStore.Damaged d : expected) {
            store.delete(d.id());
        }
        StateStore.Listing after = store.listAll();
        assertEquals(List.of("good"), after.records().stream().map(ContainerRecord::name).toList());
        assertTrue(after.damaged().isEmpty(), after.damaged().toString());
        try (var left = Files.list(store.directory())) {
            assertEquals(List.of(good, "lock", "not-an-id"),
                    left.map(p -> p.getFileName().toString()).sorted().toList(), "nothing of them is left");
        }
    }

    @Test
    void aDirectoryBeingCreatedIsNotListedAsDamaged() throws Exception {
        String id = "e".repeat(64);
        StateStore store = new StateStore(root);
        store.create(record(id, "new"));
        Files.delete(store.containerDir(id).resolve("state.json")); // its creator has not written it yet
        assertTrue(store.listAll().damaged().isEmpty(), "its creator holds the mark");
        store.created(id);
        assertEquals(List.of(new StateStore.Damaged(id, "no state.json")), store.listAll().damaged());
    }

    @Test
    void theStoreIsReadableByItsOwnerAloneAndAnOpenOneIsClosedAtItsNextWrite() throws Exception {
        FileAttribute<?> open = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.createDirectory(root.resolve("old"), open); // as an earlier jtop left it
        Files.createDirectory(old.resolve("containers"), open);
        Files.createDirectory(old.resolve("containers").resolve("b".repeat(64)), open);
        Files.writeString(old.resolve("containers.index"), "jtop-index 1 x\n");
        Files.setPosixFilePermissions(old.resolve("containers.index"),
                PosixFilePermissions.fromString("rw-r--r--"));
        Path fresh = root.resolve("fresh");
        for (Path r : List.of(old, fresh)) {
            StateStore store = new StateStore(r);
            store.create(record("a".repeat(64), "web"));
            store.created("a".repeat(64));
            store.list();
            assertEquals("rwx------", mode(r));
            assertEquals("rwx------", mode(r.resolve("containers")));
            assertEquals("rwx------", mode(store.containerDir("a".repeat(64))));
            assertEquals("rw-------", mode(store.containerDir("a".repeat(64)).resolve("state.json")));
            assertEquals("rw-------", mode(r.resolve("containers.index")));
            assertEquals("rw-------", mode(r.resolve("containers").resolve("lock")));
        }
        assertEquals("rwx------", mode(old.resolve("containers").resolve("b".repeat(64))), "an earlier jtop's");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
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
    void aDamagedRecordIsNotIndexedSoEachProcessSaysItIsDamaged() throws Exception {
        StateStore store = new StateStore(root);
        String a = "a".repeat(64);
        store.create(record(a, "web"));
        store.create(record("b".repeat(64), "db"));
        Files.writeString(store.containerDir(a).resolve("state.json"), "{\"id\": ");
        assertEquals(1, store.list().size());
        StateStore next = new StateStore(root);
        assertEquals(1, next.list().size());
        assertEquals(List.of(new StateStore.Damaged(a, "truncated")), next.listAll().damaged(), "told again");
    }
}
