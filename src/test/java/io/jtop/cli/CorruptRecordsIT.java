package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One bad record never breaks the rest: records damaged in every way (empty, truncated, garbled,
 * {@code {}}, a newer format) are listed as unknown with the reason, the others as ever, and
 * {@code rm -f} removes each with everything its id still names. As root, in process, on a temp store.
 */
class CorruptRecordsIT {

    @TempDir
    Path tmp;

    private final List<String> started = new ArrayList<>();

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @BeforeEach
    void image() {
        Host.requireRoot();
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
    }

    @AfterEach
    void removeWhatIsLeft() {
        for (String id : started) {
            jtop("rm", "-f", id);
        }
    }

    private String run(String name) {
        InProcess.Run r = jtop("run", "-d", "--name", name, "bb", "sleep", "600");
        assertEquals(0, r.exit(), r.err());
        String id = r.out().strip();
        started.add(id);
        return id;
    }

    private Path record(String id) {
        return tmp.resolve("root/containers").resolve(id).resolve("state.json");
    }

    @Test
    void damagedRecordsAreUnknownRowsAndRmFRemovesEverythingTheirIdsName() throws Exception {
        String healthy = run("healthy");
        String spare = run("spare");
        String json = Files.readString(record(healthy));
        List<Damage> kinds = List.of(new Damage("", "empty"),
                new Damage(json.substring(0, json.length() / 2), "truncated"),
                new Damage("\u0000\u0001 garbled", "garbled near line 1, column "), // where the parser stopped
                new Damage("{}", "missing id, name, state, created"),
                new Damage(json.replace("\"format\" : 1", "\"format\" : 9"), "format 9, newer than this jtop reads (1)"));
        Map<String, String> damaged = new LinkedHashMap<>(); // id -> reason
        for (Damage d : kinds) {
            damaged.put(run("bad-" + damaged.size()), d.reason());
        }
        jtop("ps", "-a", "-d", "0"); // indexed: the edits below leave the records' directory's time as it is
        int k = 0;
        for (String id : damaged.keySet()) {
            Files.writeString(record(id), kinds.get(k++).content());
        }

        InProcess.Run ps = jtop("ps", "-a", "--json", "-d", "0");
        assertEquals(0, ps.exit(), ps.err());
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        for (JsonNode row : ps.json()) {
            rows.put(row.path("id").asText(), row);
        }
        assertEquals("healthy", rows.get(healthy).path("name").asText(), "the others are untouched");
        assertEquals("running", rows.get(healthy).path("state").asText());
        assertEquals("spare", rows.get(spare).path("name").asText());
        for (Map.Entry<String, String> d : damaged.entrySet()) {
            JsonNode row = rows.get(d.getKey());
            assertEquals("unknown", row.path("state").asText(), row.toString());
            assertTrue(row.path("state_reason").asText().startsWith("corrupt record: " + d.getValue()), row.toString());
            assertTrue(row.path("pid").asInt() > 0, "what the cgroup shows of it: " + row);
        }
        String table = jtop("ps", "-a", "-d", "0").out();
        assertTrue(table.contains("unknown (corrupt record: truncated)"), table);
        String bad = damaged.keySet().iterator().next();
        InProcess.Run inspect = jtop("inspect", bad.substring(0, 12), "-d", "0");
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("State:               unknown (corrupt record: empty)"), inspect.out());

        InProcess.Run stop = jtop("stop", bad.substring(0, 12));
        assertEquals(1, stop.exit());
        assertEquals("jtop: " + bad.substring(0, 12) + "'s record is corrupt (empty): whether it runs is unknown; "
                + "rm -f removes it and whatever it still runs\n", stop.err());
        InProcess.Run rmHealthy = jtop("rm", "-f", "healthy");
        assertEquals(0, rmHealthy.exit(), rmHealthy.err());
        assertGone(healthy);

        for (String id : damaged.keySet()) {
            InProcess.Run rm = jtop("rm", "-f", id.substring(0, 12));
            assertEquals(0, rm.exit(), id + ": " + rm.err());
            assertEquals("", rm.err());
            assertGone(id);
        }
        InProcess.Run after = jtop("ps", "-a", "--json", "-d", "0");
        assertFalse(after.out().contains("\"unknown\""), after.out());
        assertTrue(after.out().contains("\"spare\""), after.out());
    }

    /** A frozen container whose record and runc state are both gone: its cgroup's processes are killed all the same. */
    @Test
    void rmFOfADamagedRecordKillsWhatItsCgroupStillHoldsWhenRuncNoLongerKnowsIt() throws Exception {
        String id = run("orphan");
        Host.run("runc", "--root", tmp.resolve("run/runc").toString(), "pause", id);
        Host.deleteTree(tmp.resolve("run/runc").resolve(id));
        Files.writeString(record(id), "{\"id\":");
        assertEquals("FROZEN", Files.readString(Path.of("/sys/fs/cgroup/freezer/jtop", id, "freezer.state")).strip());
        InProcess.Run rm = jtop("rm", "-f", id);
        assertEquals(0, rm.exit(), rm.err());
        assertGone(id);
    }

    /** What a record is overwritten with, and the reason jtop gives for it. */
    private record Damage(String content, String reason) {
    }

    /** Nothing its id names is left: no mount, cgroup (any hierarchy), runc state, process or file. */
    private void assertGone(String id) throws Exception {
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(id), "no mount of " + id);
        try (var mounts = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path m : (Iterable<Path>) mounts::iterator) {
                assertFalse(Files.exists(m.resolve("jtop").resolve(id)), "cgroup " + m.resolve("jtop").resolve(id));
            }
        }
        for (Path p : List.of(tmp.resolve("root/containers").resolve(id), tmp.resolve("root/snapshots").resolve(id),
                tmp.resolve("run").resolve(id), tmp.resolve("run/runc").resolve(id), tmp.resolve("run/exits").resolve(id),
                tmp.resolve("run/sockets").resolve(id))) {
            assertFalse(Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS), p + " is left");
        }
        started.remove(id);
    }
}
