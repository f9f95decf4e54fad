package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Group;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Groups;
import io.jtop.metrics.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop ps --group}: group rows with their sums and members, the JSON schema, and bad values. */
class GroupedPsTest {

    private static final String V2 = "src/test/resources/fixtures/cgroup-v2-debian12-6.1";
    private static final String POD_CGROUP = "/kubepods/burstable/pod0b5e1a7c";

    @Test
    void byRuntimeEachGroupHasItsMembersAndTheirSums() throws Exception {
        InProcess.Run r = InProcess.jtop("--host-root", V2, "ps", "--group", "runtime", "--json", "-d", "0");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = r.json();
        assertEquals("runtime", doc.get("grouping").asText());
        assertEquals(0, doc.get("ungrouped").size());
        JsonNode groups = doc.get("groups");
        assertEquals(List.of("containerd", "cri-o", "docker", "podman"),
                List.of(groups.get(0).get("name").asText(), groups.get(1).get("name").asText(),
                        groups.get(2).get("name").asText(), groups.get(3).get("name").asText()));
        for (JsonNode g : groups) {
            assertEquals("runtime", g.get("kind").asText());
            assertEquals("members", g.get("figures_from").asText());
            assertEquals(1, g.get("member_count").asInt());
            JsonNode member = g.get("members").get(0);
            assertEquals(g.get("name").asText(), member.get("runtime").asText());
            assertEquals(member.get("pids_current").asLong(), g.get("pids_current").asLong());
            assertEquals(member.get("memory_working_set_bytes").asLong(), g.get("memory_working_set_bytes").asLong());
            assertTrue(g.get("memory_limit_bytes").isNull(), "a runtime has no limit of its own");
        }
    }

    @Test
    void theTableShowsEachGroupsLineAndItsMembersIndentedUnderIt() {
        InProcess.Run r = InProcess.jtop("--host-root", V2, "ps", "--group", "runtime", "-d", "0");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("CONTAINER ID  NAME"), lines[0]);
        assertTrue(lines[1].startsWith("runtime       containerd "), lines[1]);
        assertTrue(lines[2].matches("[0-9a-f]{12}    \\S.*"), "a member indented under its group: " + lines[2]);
        assertEquals(9, lines.length, "4 groups of one, and the header");
    }

    @Test
    void byPodWithNoPodOrProjectEveryContainerIsUngrouped() throws Exception {
        JsonNode doc = InProcess.jtop("--host-root", V2, "ps", "--group", "pod", "--json", "-d", "0").json();
        assertEquals(0, doc.get("groups").size());
        assertEquals(4, doc.get("ungrouped").size());
    }

    @Test
    void aBadValueIsOneUsageLineAndExitTwo() {
        for (String bad : List.of("pods", "", "POD", "none", "\u001b[31mred")) {
            InProcess.Run r = InProcess.jtop("--host-root", V2, "ps", "--group", bad);
            assertEquals(2, r.exit(), bad);
            assertTrue(r.err().startsWith("jtop: --group must be pod, runtime or image, not '"), r.err());
            assertFalse(r.err().contains("\u001b"), "the value is shown escaped");
            assertFalse(r.err().contains("Exception"), r.err());
            assertEquals("", r.out());
        }
        InProcess.Run missing = InProcess.jtop("--host-root", V2, "ps", "--group");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("jtop: "), missing.err());
    }

    @Test
    void thePlainStartUpParserLeavesGroupToPicocli() {
        assertNull(PsCommand.plain(new String[] {"ps", "--group", "pod"}));
        assertNull(PsCommand.plain(new String[] {"ps", "--json", "--group=pod"}));
        assertEquals(new PsCommand.Plain(true, true, 500), PsCommand.plain(new String[] {"ps", "-a", "--json"}));
    }

    /** Kubernetes memberships as k8s16's discovery will fill them, built here: the pod cgroup's figures and limit. */
    @Test
    void aPodsJsonHasItsCgroupsFiguresAndLimitAndItsMembersPodFields() throws Exception {
        Membership api = Membership.kubernetes("prod", "api-7d9f", "0b5e1a7c", "burstable", POD_CGROUP, false, "api");
        Membership pause = Membership.kubernetes("prod", "api-7d9f", "0b5e1a7c", "burstable", POD_CGROUP, true, null);
        List<Snapshot.Row> rows = List.of(row("api", api, 4), row("pause", pause, 1), row("alone", null, 2));
        Sample pod = Sample.builder().cpuPercent(3.25).memoryWorkingSetBytes(5L << 20).memoryLimitBytes(128L << 20)
                .pidsCurrent(5L).pidsLimit(100L).build();
        Groups gs = Groups.of(Grouping.POD, rows, Map.of(POD_CGROUP, pod));
        JsonNode doc = new ObjectMapper().readTree(Output.json(GroupedPs.json(Grouping.POD, gs.groups(),
                gs.ungrouped()), true));
        JsonNode g = doc.get("groups").get(0);
        assertEquals("pod", g.get("kind").asText());
        assertEquals("prod/api-7d9f", g.get("name").asText());
        assertEquals("api-7d9f", g.get("pod").asText());
        assertEquals("prod", g.get("pod_namespace").asText());
        assertEquals("0b5e1a7c", g.get("pod_uid").asText());
        assertEquals("burstable", g.get("qos").asText());
        assertTrue(g.get("project").isNull());
        assertEquals(POD_CGROUP, g.get("cgroup").asText());
        assertEquals("cgroup", g.get("figures_from").asText());
        assertEquals(3.3, g.get("cpu_percent").asDouble(), 1e-9);
        assertEquals(128L << 20, g.get("memory_limit_bytes").asLong());
        assertEquals(5, g.get("pids_current").asInt());
        assertEquals(100, g.get("pids_limit").asInt());
        assertEquals(2, g.get("member_count").asInt());
        assertEquals(Set.of("api", "pause"), Set.of(g.get("members").get(0).get("name").asText(),
                g.get("members").get(1).get("name").asText()));
        assertEquals("alone", doc.get("ungrouped").get(0).get("name").asText());
        Group sums = Groups.of(Grouping.POD, rows, Map.of()).groups().get(0);
        assertFalse(sums.own());
        assertEquals(5L, sums.sample().pidsCurrent(), "before its cgroup is read: the members' sum");
    }

    private static Snapshot.Row row(String name, Membership m, long pids) {
        Container c = new Container(name + "0".repeat(60), name, Runtime.CONTAINERD, "busybox", 100, ContainerState.RUNNING,
                POD_CGROUP + "/" + name, Instant.EPOCH, null, false,
                new Details(Map.of(), null, null, null, null, m));
        return new Snapshot.Row(c, Sample.builder().pidsCurrent(pids).memoryWorkingSetBytes(pids << 20).build());
    }
}
