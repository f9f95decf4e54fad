package io.jtop.backend.docker;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;

/** Engine API JSON (as dockerd 20.10 and podman 4.3 send it) to jtop's containers. */
class DockerMappingTest {

    private static final String ID = "50f4c545c35c2dee4607b1d32ddc563045215dab4d42b18f65b085c9cfb9548d";

    /** One container of a list answer. */
    private static Container listed(String json, Runtime runtime) throws Exception {
        List<Container> all = DockerMapping.listed(("[" + json + "]").getBytes(StandardCharsets.UTF_8), runtime);
        assertEquals(1, all.size());
        return all.get(0);
    }

    private static Container inspected(String json, Runtime runtime) throws Exception {
        return DockerMapping.inspected(json.getBytes(StandardCharsets.UTF_8), runtime);
    }

    @Test
    void aListedComposeContainerHasItsNameLabelsAndNoProcessYet() throws Exception {
        Container c = listed("""
                {"Id":"%s","Names":["/proj-web-1"],"Image":"nginx:1.25","ImageID":"sha256:ab",
                 "Command":"nginx","Created":1795000000,"Ports":[],
                 "Labels":{"com.docker.compose.project":"proj","com.docker.compose.service":"web","z":"1"},
                 "State":"running","Status":"Up 3 minutes (healthy)","HostConfig":{"NetworkMode":"none"},
                 "SomethingNew":{"x":1}}""".formatted(ID), Runtime.DOCKER);
        assertEquals(ID, c.id());
        assertEquals("proj-web-1", c.name(), "without docker's leading slash");
        assertEquals("nginx:1.25", c.image());
        assertEquals(ContainerState.RUNNING, c.state());
        assertEquals(0, c.pid(), "the list tells no pid");
        assertNull(c.cgroup(), "the cgroup tree tells it when the lists are merged");
        assertEquals("proj", c.details().composeProject());
        assertEquals("web", c.details().composeService());
        assertEquals("healthy", c.details().health());
        assertEquals(Instant.ofEpochSecond(1795000000), c.details().createdAt());
        assertEquals(Map.of("com.docker.compose.project", "proj", "com.docker.compose.service", "web", "z", "1"),
                c.details().labels());
    }

    @Test
    void anExitedListedContainerHasTheExitCodeOfItsStatus() throws Exception {
        Container c = listed("""
                {"Id":"%s","Names":["web"],"Image":"localhost/bb:latest","Created":1795000000,
                 "Labels":null,"State":"exited","Status":"Exited (137) 5 seconds ago"}""".formatted(ID),
                Runtime.PODMAN);
        assertEquals("web", c.name(), "podman's names have no slash");
        assertEquals(Runtime.PODMAN, c.runtime());
        assertEquals(ContainerState.EXITED, c.state());
        assertEquals(137, c.exitCode());
        assertTrue(c.details().labels().isEmpty());
        assertNull(c.details().composeProject());
        assertNull(c.details().health());
    }

    @Test
    void anInspectedRunningContainerHasItsInitPidStartRestartsAndHealth() throws Exception {
        Container c = inspected("""
                {"Id":"%s","Created":"2026-11-29T07:28:06.536321493Z","Name":"/j5-a","RestartCount":2,
                 "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,
                          "Dead":false,"Pid":20021,"ExitCode":0,"Error":"",
                          "StartedAt":"2026-11-29T07:28:06.88289298Z","FinishedAt":"0001-01-01T00:00:00Z",
                          "Health":{"Status":"unhealthy","FailingStreak":3,"Log":[]}},
                 "Config":{"Image":"jtop-test-busybox","Labels":{"a":"b"}},
                 "GraphDriver":{"Name":"overlay2","Data":{"LowerDir":"/x"}}}""".formatted(ID), Runtime.DOCKER);
        assertEquals("j5-a", c.name());
        assertEquals(20021, c.pid());
        assertEquals(ContainerState.RUNNING, c.state());
        assertEquals(Instant.parse("2026-11-29T07:28:06.882892980Z"), c.startedAt());
        assertNull(c.exitCode(), "no exit code while it runs");
        assertEquals(2, c.details().restartCount());
        assertEquals("unhealthy", c.details().health());
        assertEquals(Instant.parse("2026-11-29T07:28:06.536321493Z"), c.details().createdAt());
        assertEquals("jtop-test-busybox", c.image());
    }

    @Test
    void anInspectedOomKilledContainerHasNoPidAndItsCreationAsStart() throws Exception {
        Container c = inspected("""
                {"Id":"%s","Created":"2026-11-29T07:00:00Z","Name":"/oom","RestartCount":0,
                 "State":{"Status":"exited","Running":false,"OOMKilled":true,"Pid":0,"ExitCode":137,
                          "StartedAt":"2026-11-29T07:00:01Z","FinishedAt":"2026-11-29T07:00:02Z"},
                 "Config":{"Image":"bb"}}""".formatted(ID), Runtime.DOCKER);
        assertEquals(ContainerState.EXITED, c.state());
        assertEquals(0, c.pid());
        assertEquals(137, c.exitCode());
        assertTrue(c.oomKilled());
        assertEquals(Instant.parse("2026-11-29T07:00:00Z"), c.startedAt());
        assertNull(c.details().health(), "no health check");
        assertEquals(Instant.parse("2026-11-29T07:00:02Z"), c.finishedAt(), "State.FinishedAt");
        assertNull(c.details().memoryLimit(), "no HostConfig: no limit known");
    }

    @Test
    void anInspectionKeepsTheMemoryLimitTheEngineSetAndNoPeak() throws Exception {
        String json = """
                {"Id":"%s","Name":"/oom","State":{"Status":"exited","OOMKilled":true,"ExitCode":137},
                 "HostConfig":{"NetworkMode":"none","Memory":%s,"MemorySwap":67108864,"Ulimits":[{"Name":"x"}]}}""";
        Container c = inspected(json.formatted(ID, "33554432"), Runtime.DOCKER);
        assertEquals(33554432L, c.details().memoryLimit(), "HostConfig.Memory");
        assertNull(c.details().memoryPeak(), "the engine keeps no high-water mark");
        assertNull(inspected(json.formatted(ID, "0"), Runtime.DOCKER).details().memoryLimit(), "0: none set");
        assertNull(inspected(json.formatted(ID, "\"32m\""), Runtime.DOCKER).details().memoryLimit(), "not a number");
        assertNull(inspected(json.formatted(ID, "1e30"), Runtime.DOCKER).details().memoryLimit(), "not whole");
    }

    @Test
    void anExitedListedContainerExitedAsLongAgoAsItsStatusSays() throws Exception {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        List<Container> all = DockerMapping.listed(("""
                [{"Id":"%s","Names":["/a"],"State":"exited","Status":"Exited (137) 5 minutes ago"},
                 {"Id":"%s","Names":["/b"],"State":"exited","Status":"Exited (0) About an hour ago"},
                 {"Id":"%s","Names":["/c"],"State":"exited","Status":"Exited (1) some time ago"},
                 {"Id":"%s","Names":["/d"],"State":"running","Status":"Up 5 minutes ago"}]""")
                .formatted(ID, ID + "b", ID + "c", ID + "d").getBytes(StandardCharsets.UTF_8), Runtime.DOCKER, now);
        assertEquals(now.minusSeconds(300), all.get(0).finishedAt());
        assertEquals(now.minusSeconds(3600), all.get(1).finishedAt());
        assertNull(all.get(2).finishedAt(), "words it does not know: no age");
        assertNull(all.get(3).finishedAt(), "only once exited");
        assertNull(listed("""
                {"Id":"%s","State":"exited","Status":"Exited (137) 5 minutes ago"}""".formatted(ID), Runtime.DOCKER)
                .finishedAt(), "listed at no known time");
    }

    /** Docker's words for a duration, read back: the least each means. */
    @Test
    void exitedAgoReadsDockersWords() {
        String[][] cases = {{"Less than a second", "PT0S"}, {"1 second", "PT1S"}, {"45 seconds", "PT45S"},
                {"About a minute", "PT1M"}, {"5 minutes", "PT5M"}, {"About an hour", "PT1H"}, {"3 hours", "PT3H"},
                {"2 days", "PT48H"}, {"3 weeks", "PT504H"}, {"4 months", "PT2880H"}, {"2 years", "PT17520H"}};
        for (String[] c : cases) {
            assertEquals(Duration.parse(c[1]), DockerMapping.exitedAgo("Exited (137) " + c[0] + " ago"), c[0]);
        }
        assertNull(DockerMapping.exitedAgo("Exited (137) 99999999 years ago"));
        assertNull(DockerMapping.exitedAgo("Exited (137)"));
        assertNull(DockerMapping.exitedAgo("Up 3 minutes"));
        assertNull(DockerMapping.exitedAgo(null));
    }

    @Test
    void fieldsOfAnUnexpectedTypeCountAsMissing() throws Exception {
        Container c = listed("""
                {"Id":"%s","Names":"not-a-list","Image":7,"Created":"yesterday","Labels":{"a":"b","n":1,"o":{"x":[1]}},
                 "State":["running"],"Status":null,"Mounts":[{"Name":"x"}]}""".formatted(ID), Runtime.DOCKER);
        assertNull(c.name());
        assertNull(c.image());
        assertNull(c.details().createdAt());
        assertEquals(Map.of("a", "b"), c.details().labels(), "only string labels");
        assertEquals(ContainerState.EXITED, c.state(), "no state word: not running");
        assertEquals(List.of(), DockerMapping.listed("[]".getBytes(StandardCharsets.UTF_8), Runtime.DOCKER));
        assertEquals(List.of(), DockerMapping.listed("[{\"Names\":[\"/no-id\"]}]".getBytes(StandardCharsets.UTF_8),
                Runtime.DOCKER), "an entry without an id is skipped");
        assertThrows(IOException.class,
                () -> DockerMapping.listed("{\"message\":\"page not found\"}".getBytes(StandardCharsets.UTF_8), Runtime.DOCKER));
        assertThrows(IOException.class,
                () -> DockerMapping.listed("[{\"Id\":".getBytes(StandardCharsets.UTF_8), Runtime.DOCKER));
    }

    @Test
    void eventsOfDockerAndPodman() throws Exception {
        String docker = """
                {"status":"start","id":"%s","from":"bb","Type":"container","Action":"start",
                 "Actor":{"ID":"%s","Attributes":{"name":"web"}},"scope":"local","time":1795000000,"timeNano":1795000000123456789}
                {"Type":"container","Action":"exec_start: sh -c true","Actor":{"ID":"%s"},"time":1795000001}
                {"status":"die","id":"%s","Type":"container","time":1795000002,"Actor":{"Attributes":{}}}
                {"Type":"network","Action":"connect","time":1795000003}""".formatted(ID, ID, ID, ID);
        List<Engine.Event> events = new ArrayList<>();
        try (JsonParser p = DockerMapping.JSON.createParser(docker)) {
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                Engine.Event e = DockerMapping.event(p);
                if (e != null) {
                    events.add(e);
                }
            }
        }
        assertEquals(List.of(new Engine.Event(ID, "start", 1795000000123456789L),
                new Engine.Event(ID, "exec_start: sh -c true", 1795000001_000_000_000L),
                new Engine.Event(ID, "die", 1795000002_000_000_000L)), events,
                "the actor's id, else the old id; the action, else the old status; ns, else s; none without an id");
    }

    @Test
    void anEventsAttributesTellItsExitCodeOrSignalAndNothingElse() throws Exception {
        String stream = """
                {"Type":"container","Action":"die","Actor":{"ID":"%s","Attributes":{"exitCode":"137","name":"web"}},"time":1}
                {"Type":"container","Action":"kill","Actor":{"ID":"%s","Attributes":{"signal":"15","x":{"y":[1]}}},"time":2}
                {"Type":"container","Action":"died","Actor":{"ID":"%s","Attributes":{"containerExitCode":"3","exitCode":"3"}},"time":3}
                {"Type":"container","Action":"start","Actor":{"ID":"%s","Attributes":{"exitCode":{"not":"text"}}},"time":4}""".formatted(ID, ID, ID, ID);
        List<String> details = new ArrayList<>();
        try (JsonParser p = DockerMapping.JSON.createParser(stream)) {
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                details.add(DockerMapping.event(p).detail());
            }
        }
        assertEquals(List.of("exit code 137", "signal 15", "exit code 3", ""), details,
                "Docker's die and kill, Podman's died; an attribute that is not text is none");
    }

    @Test
    void engineStatesMapToJtops() {
        assertEquals(ContainerState.CREATED, DockerMapping.state("created", false));
        assertEquals(ContainerState.RUNNING, DockerMapping.state("running", true));
        assertEquals(ContainerState.PAUSED, DockerMapping.state("paused", true));
        assertEquals(ContainerState.RUNNING, DockerMapping.state("restarting", true));
        assertEquals(ContainerState.EXITED, DockerMapping.state("restarting", false), "between two runs");
        assertEquals(ContainerState.EXITED, DockerMapping.state("removing", false));
        assertEquals(ContainerState.EXITED, DockerMapping.state("dead", false));
        assertEquals(ContainerState.CREATED, DockerMapping.state("configured", false), "podman's word");
        assertEquals(ContainerState.EXITED, DockerMapping.state(null, false));
    }

    @Test
    void statusTextsAndTimes() {
        assertEquals(0, DockerMapping.exitCode("Exited (0) 2 hours ago"));
        assertNull(DockerMapping.exitCode("Up 2 hours"));
        assertNull(DockerMapping.exitCode(null));
        assertEquals("starting", DockerMapping.health("Up 1 second (health: starting)"));
        assertEquals("unhealthy", DockerMapping.health("Up 1 minute (unhealthy)"));
        assertNull(DockerMapping.health("Up 1 minute (Paused)"));
        assertNull(DockerMapping.instant("0001-01-01T00:00:00Z"), "Go's zero time is no time");
        assertNull(DockerMapping.instant("yesterday"));
        assertEquals(Instant.parse("2026-11-29T07:28:06Z"), DockerMapping.instant("2026-11-29T08:28:06+01:00"));
        assertNull(DockerMapping.name(""));
        assertEquals("web-1", DockerMapping.name("/web-1"));
    }

    @Test
    void errorsAreTheEnginesOwnOneLine() {
        assertEquals("No such container: x", DockerMapping.errorMessage("Status 404: {\"message\":\"No such container: x\"}\n"));
        assertEquals("something broke", DockerMapping.errorMessage("Status 500: something broke\n"));
        assertEquals("the engine gave no reason", DockerMapping.errorMessage(""));
        assertEquals("podman says no", DockerMapping.errorMessage(
                "Status 409: {\"cause\":\"c\",\"message\":\"podman says no\",\"response\":409}"));
    }

    @Test
    void transportFailuresNameTheSocket() {
        String s = "/var/run/docker.sock";
        assertEquals(s + " did not answer in time", DockerMapping.transportMessage(s,
                new RuntimeException(new SocketTimeoutException("Read timed out"))));
        assertEquals("permission denied on " + s, DockerMapping.transportMessage(s,
                new RuntimeException(new IOException("Permission denied"))));
        assertEquals(s + ": connection refused (no daemon behind it)", DockerMapping.transportMessage(s,
                new RuntimeException(new IOException("Connection refused"))));
        assertEquals(s + " does not exist", DockerMapping.transportMessage(s,
                new UncheckedIOException(new IOException("No such file or directory"))));
        assertFalse(DockerMapping.transportMessage(s, new RuntimeException("a\nb")).contains("\n"));
    }

    @Test
    void podmansOwnListTellsEachContainersPodAndItsInfra() throws Exception {
        String json = """
                [{"Id":"i1","Names":["1d77ef9d7bae-infra"],"Pod":"1d77ef9d7bae","PodName":"web-pod","IsInfra":true,
                  "Labels":null,"State":"running"},
                 {"Id":"m1","Pod":"1d77ef9d7bae","PodName":"web-pod","IsInfra":false,"Namespaces":{}},
                 {"Id":"x1","Pod":"","PodName":"","IsInfra":false},
                 {"Pod":"no-id"},
                 {"Id":"y1","Pod":7,"IsInfra":"yes"}]""";
        assertEquals(List.of(new Engine.PodMember("i1", "1d77ef9d7bae", "web-pod", true),
                        new Engine.PodMember("m1", "1d77ef9d7bae", "web-pod", false),
                        new Engine.PodMember("x1", null, null, false),
                        new Engine.PodMember("y1", null, null, false)),
                DockerMapping.podMembers(json.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> DockerMapping.podMembers("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPodsCgroupIsItsCgroupPathFromTheRoot() throws Exception {
        assertEquals("/libpod_parent/1d77ef9d7bae", DockerMapping.podCgroup("""
                {"Id":"1d77ef9d7bae","Name":"web-pod","CreateCgroup":true,"CgroupParent":"/libpod_parent",
                 "CgroupPath":"/libpod_parent/1d77ef9d7bae","Containers":[{"Id":"i1"}]}""".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/machine.slice/machine-libpod_pod_1d77.slice", DockerMapping.podCgroup("""
                {"CgroupPath":"machine.slice/machine-libpod_pod_1d77.slice"}""".getBytes(StandardCharsets.UTF_8)));
        assertNull(DockerMapping.podCgroup("""
                {"Id":"3b5b","CreateCgroup":false,"CgroupParent":"/libpod_parent"}""".getBytes(StandardCharsets.UTF_8)),
                "a pod without an infra container has no cgroup of its own");
        assertThrows(IOException.class, () -> DockerMapping.podCgroup("[]".getBytes(StandardCharsets.UTF_8)));
    }
}
