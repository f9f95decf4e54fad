package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container's timeline, live: Docker's and Podman's events of a container OOM-killed and
 * restarted by its policy, of a stop, and of an exit of its own, in {@code inspect --json} and its
 * text; a container of jtop's runtime started and stopped; and the TUI's Events pane of a container
 * that hits its pids limit while jtop watches.
 */
class EventsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<Runnable> cleanup = new ArrayList<>();
    private final String prefix = "events17it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";

    @BeforeEach
    void root() {
        Host.requireRoot();
    }

    @AfterEach
    void removeCreated() {
        cleanup.forEach(Runnable::run);
    }

    private String engineRun(EngineCli engine, String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name", prefix + name));
        all.addAll(List.of(args));
        String id = engine.run(all.toArray(String[]::new));
        cleanup.add(() -> engine.remove(id));
        return id;
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " not within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private JsonNode inspectJson(String id) throws Exception {
        InProcess.Run r = InProcess.jtopIn(tmp, "inspect", "--json", id);
        assertEquals(0, r.exit(), r.err());
        return r.json();
    }

    private static List<String> events(JsonNode j) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : j.path("events")) {
            String detail = e.path("detail").asText();
            out.add(e.path("source").asText() + " " + e.path("action").asText() + (detail.isEmpty() ? "" : " " + detail)
                    + (e.path("count").asInt() > 1 ? " ×" + e.path("count").asInt() : ""));
        }
        return out;
    }

    private static long count(List<String> events, String event) {
        return events.stream().filter(event::equals).count();
    }

    @Test
    void dockersEventsOfAnOomKilledContainerRestartedByItsPolicy() throws Exception {
        EngineCli docker = EngineCli.DOCKER;
        docker.require();
        String id = engineRun(docker, "oom", "--memory", "32m", "--memory-swap", "32m", "--restart", "on-failure:2",
                docker.image(), "sh", "-c", "x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done");
        await(() -> docker.inspect(id).path("RestartCount").asInt() == 2
                && docker.inspect(id).path("State").path("Status").asText().equals("exited"), "its third OOM kill");
        JsonNode j = inspectJson(id);
        List<String> events = events(j);
        assertTrue(j.path("events_source").asText().startsWith("docker's event log"), j.path("events_source").asText());
        assertEquals("docker create", events.get(0), events.toString());
        assertEquals(3, count(events, "docker start"), events.toString());
        assertEquals(3, count(events, "docker oom"), events.toString());
        assertEquals(3, count(events, "docker die exit code 137"), events.toString());

        InProcess.Run text = InProcess.jtopIn(tmp, "inspect", id);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("\nEvents\n  Events from docker's event log"), text.out());
        assertTrue(text.out().matches("(?s).*  docker   die  exit code 137\n.*"), text.out());
    }

    @Test
    void dockersEventsOfAStop() throws Exception {
        EngineCli docker = EngineCli.DOCKER;
        docker.require();
        String id = engineRun(docker, "stop", "--init", docker.image(), "sleep", "1000");
        docker.cli("stop", "-t", "20", id);
        List<String> events = events(inspectJson(id));
        assertTrue(events.containsAll(List.of("docker kill signal 15", "docker die exit code 143", "docker stop")),
                events.toString());
        assertTrue(events.indexOf("docker kill signal 15") < events.indexOf("docker die exit code 143"),
                events.toString());
    }

    @Test
    void podmansEventsThroughItsDockerCompatibleApi() throws Exception {
        EngineCli podman = EngineCli.PODMAN;
        podman.require();
        String id = engineRun(podman, "three", podman.image(), "sh", "-c", "exit 3");
        await(() -> podman.inspect(id).path("State").path("Status").asText().equals("exited"), "its exit");
        JsonNode j = inspectJson(id);
        List<String> events = events(j);
        assertTrue(j.path("events_source").asText().startsWith("podman's event log"), j.path("events_source").asText());
        assertTrue(events.contains("podman start") && events.contains("podman die exit code 3"), events.toString());
    }

    @Test
    void jtopsOwnContainerStartedAndStoppedFromItsRecord() throws Exception {
        Host.requireCommand("conmon");
        assertEquals(0, InProcess.jtopIn(tmp, "image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(),
                "bb").exit());
        String name = prefix + "own";
        InProcess.Run run = InProcess.jtopIn(tmp, "run", "-d", "--name", name, "bb", "sh", "-c",
                "trap 'exit 7' TERM; while :; do sleep 1; done");
        assertEquals(0, run.exit(), run.err());
        cleanup.add(() -> InProcess.jtopIn(tmp, "rm", "-f", name));
        JsonNode running = inspectJson(name);
        assertEquals(List.of("runtime started last start"), events(running));
        assertEquals(0, running.path("pids_refused").asInt(), "read from pids.events: " + running);
        assertEquals(0, InProcess.jtopIn(tmp, "stop", name).exit());
        JsonNode stopped = inspectJson(name);
        assertEquals(List.of("runtime started last start", "runtime exited exit code 7"), events(stopped));
        assertTrue(stopped.path("events_source").asText().startsWith("the container's record"));
    }

    @Test
    void theTuiShowsPidsLimitHitsAsJtopSawThem() throws Exception {
        Host.requireCommand("conmon");
        Host.requireCommand("tmux");
        assertEquals(0, InProcess.jtopIn(tmp, "image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(),
                "bb").exit());
        String name = prefix + "pids";
        cleanup.add(() -> InProcess.jtopIn(tmp, "rm", "-f", name));
        try (Tmux t = Jtop.screen(tmp, 160, 48)) {
            t.awaitText("FLAGS", WAIT);
            // Two sleeps fill --pids-limit 4 with the shell; each round's sh -c is refused a fork.
            InProcess.Run run = InProcess.jtopIn(tmp, "run", "-d", "--name", name, "--pids-limit", "4", "bb", "sh",
                    "-c", "sleep 1000 & sleep 1000 & while :; do sh -c 'sleep 1000 & sleep 1000' 2>/dev/null;"
                            + " sleep 1; done");
            assertEquals(0, run.exit(), run.err());
            t.sendKeys("/");
            t.awaitText("Filter: ", WAIT);
            t.sendText(name);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains("filter: " + name) && s.contains("(1 of"), WAIT); // applied, not being typed
            t.sendKeys("Enter");
            t.awaitText("SHARED WITH", WAIT);
            t.sendKeys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab"); // the eighth pane
            String pane = t.awaitText(s -> s.contains("pids limit hit"), WAIT);
            assertTrue(pane.contains("Events from what jtop saw while it ran"), pane);
            assertTrue(pane.contains("runtime  started  last start"), pane);
            assertTrue(pane.matches("(?s).*pids-limit refusals [1-9].*"), pane);
        }
    }
}
