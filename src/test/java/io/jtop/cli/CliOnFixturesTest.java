package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands end to end, in process, against fixture trees injected with {@code --host-root}. */
class CliOnFixturesTest {

    private static final String V2 = "src/test/resources/fixtures/cgroup-v2-debian12-6.1";
    private static final String LAYOUTS_V2 = "src/test/resources/fixtures/layouts/v2-systemd-mixed";
    private static final String LAYOUTS_V1 = "src/test/resources/fixtures/layouts/v1-cgroupfs-mixed";
    private static final List<String> PS_KEYS = List.of("id", "name", "runtime", "image", "pid", "state", "cgroup",
            "cpu_percent", "memory_working_set_bytes", "memory_usage_bytes", "memory_limit_bytes", "pids_current",
            "pids_limit", "oom_kills", "exit_code", "oom_killed", "state_reason", "exit_reason");

    static InProcess.Run jtop(String... args) {
        return InProcess.jtop(args);
    }

    @Test
    void psJsonHasTheDocumentedKeysAndValues() throws Exception {
        InProcess.Run r = jtop("--host-root", V2, "ps", "--json", "-d", "0");
        assertEquals(0, r.exit(), r.err());
        JsonNode rows = r.json();
        assertEquals(4, rows.size());
        for (JsonNode row : rows) {
            for (String key : PS_KEYS) {
                assertTrue(row.has(key), key + " missing in " + row);
            }
            assertTrue(List.of("docker", "podman", "containerd", "cri-o").contains(row.get("runtime").asText()));
            assertTrue(row.get("exit_code").isNull(), "running containers have no exit code");
            assertFalse(row.get("oom_killed").asBoolean());
        }
        JsonNode crio = find(rows, "2ea1f0d7");
        assertEquals("paused", crio.get("state").asText());
        assertTrue(crio.get("memory_limit_bytes").isNull(), "unlimited is null");
        JsonNode podman = find(rows, "f1e73268");
        assertEquals(1, podman.get("oom_kills").asInt());
        assertEquals(33554432L, podman.get("memory_limit_bytes").asLong());
        assertEquals(64, find(rows, "a01ea282").get("id").asText().length(), "full id in JSON");
    }

    @Test
    void psTableShowsTwelveCharacterIdsHumanSizesAndDashes() {
        InProcess.Run r = jtop("--host-root", V2, "ps", "-d", "0");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("CONTAINER ID  NAME"), lines[0]);
        String docker = line(lines, "a01ea2828a44 ");
        assertTrue(docker.contains("64MiB"), docker);
        assertTrue(docker.contains("1/50"), docker);
        assertTrue(docker.contains("throttled"), docker);
        assertEquals("a01ea2828a44", docker.split(" ")[0], "ids cut to 12 characters");
        String crio = line(lines, "2ea1f0d724fb ");
        assertTrue(crio.contains(" paused "), crio);
        assertFalse(r.out().contains("9223372036854771712") || r.out().contains(" max "), "unlimited shows as -");
    }

    @Test
    void everyRuntimeLayoutIsClassified() throws Exception {
        JsonNode v2 = jtop("--host-root", LAYOUTS_V2, "ps", "--json", "-d", "0").json();
        assertEquals(List.of("containerd", "cri-o", "docker", "jtop", "lxc", "nspawn", "nspawn", "podman"), runtimes(v2));
        assertEquals("debian-test", find(v2, "debian-test").get("name").asText());
        assertEquals("web1", find(v2, "web1").get("name").asText());
        JsonNode v1 = jtop("--host-root", LAYOUTS_V1, "ps", "--json", "-d", "0").json();
        assertEquals(List.of("containerd", "docker", "jtop", "lxc", "nspawn", "podman"), runtimes(v1));
    }

    @Test
    void inspectByPrefixShowsLimitsAndProcesses() throws Exception {
        InProcess.Run r = jtop("--host-root", V2, "inspect", "--json", "-d", "0", "a01e");
        assertEquals(0, r.exit(), r.err());
        JsonNode i = r.json();
        assertEquals(131, i.get("pid").asInt());
        assertEquals(8, i.get("namespaces").size(), "all eight types, null where unreadable");
        assertEquals(67108864L, i.get("limits").get("memory_bytes").asLong());
        assertEquals(0.5, i.get("limits").get("cpus").asDouble());
        assertEquals(131, i.get("processes").get(0).get("host_pid").asInt());
        assertTrue(i.get("cgroup_paths").has("unified"));
        assertEquals(3, i.get("pids_refused").asInt(), "pids.events max");
        assertTrue(i.get("events").isArray());
        assertTrue(i.get("events_source").asText().startsWith("the container's record"));
        InProcess.Run text = jtop("--host-root", V2, "inspect", "-d", "0", "a01e");
        assertTrue(text.out().contains("\nEvents\n  Events from the container's record")
                && text.out().contains("  Cgroup counters: OOM kills 0, pids-limit refusals 3,"), text.out());
    }

    @Test
    void unknownIdSaysSoInOneLineAndExitsOne() {
        InProcess.Run r = jtop("--host-root", V2, "inspect", "x");
        assertEquals(1, r.exit());
        assertEquals("jtop: no container matches 'x'\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void ambiguousPrefixListsTheMatches() {
        InProcess.Run r = jtop("--host-root", LAYOUTS_V2, "inspect", "c");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("jtop: 'c' matches 2 containers:"), r.err());
        assertTrue(r.err().contains("c0ffee05c281") && r.err().contains("c64064614423"), r.err());
    }

    @Test
    void topBatchPrintsOneSnapshotPerInterval() throws Exception {
        InProcess.Run r = jtop("--host-root", V2, "top", "-b", "-n", "2", "-d", "0.1");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("jtop - ")).count(), "two snapshots");
        assertTrue(r.out().contains("containers: 4 total, 3 running, 1 paused, cgroup v2"), r.out());
        InProcess.Run j = jtop("--host-root", V2, "top", "-b", "-n", "2", "-d", "0.1", "--json");
        String[] lines = j.out().strip().split("\n");
        assertEquals(2, lines.length);
        for (String line : lines) {
            JsonNode snap = new ObjectMapper().readTree(line);
            assertTrue(snap.has("time"));
            assertEquals(4, snap.get("containers").size());
        }
    }

    @Test
    void badInputIsAOneLineUsageErrorWithExitTwo() {
        for (String[] args : List.of(
                new String[] {"ps", "--bogus"},
                new String[] {"ps", "-d", "abc"},
                new String[] {"ps", "-d", "-1"},
                new String[] {"top", "-b", "-n", "-3"},
                new String[] {"top", "-d", "1"},
                new String[] {"inspect"})) {
            InProcess.Run r = jtop(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("jtop: "), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void aHostWithoutCgroupsIsAnErrorNotAStackTrace() {
        InProcess.Run r = jtop("--host-root", "/nonexistent", "ps");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("jtop: no cgroup filesystem is mounted"), r.err());
    }

    private static List<String> runtimes(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get("runtime").asText()));
        return out.stream().sorted().toList();
    }

    private static JsonNode find(JsonNode rows, String idPrefix) {
        for (JsonNode r : rows) {
            if (r.get("id").asText().startsWith(idPrefix)) {
                return r;
            }
        }
        throw new AssertionError("no " + idPrefix + " in " + rows);
    }

    private static String line(String[] lines, String prefix) {
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line starting " + prefix);
    }
}
