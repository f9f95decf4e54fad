package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What jtop's command line does with an engine's containers, checked against the engine's own
 * command line: the same for Docker ({@link DockerCliIT}) and Podman ({@link PodmanCliIT}). jtop
 * runs in process on a temp store (its own runtime empty), the engines' containers are made with
 * their CLI, named with a prefix unique to the run, and removed after each test, failed or not.
 */
abstract class EngineCliContract {

    @TempDir
    Path tmp;

    private final List<String> created = new ArrayList<>();
    private String prefix;

    abstract EngineCli engine();

    @BeforeEach
    void requireEngine() {
        engine().require();
        prefix = "j5it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    }

    @AfterEach
    void removeCreated() {
        for (String id : created) {
            engine().remove(id);
        }
    }

    /** Runs a container with the engine's CLI under a unique name; removed after the test. */
    String run(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name", prefix + name));
        all.addAll(List.of(args));
        String id = engine().run(all.toArray(String[]::new));
        created.add(id);
        return id;
    }

    String name(String shortName) {
        return prefix + shortName;
    }

    InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    /** jtop's JSON row of a container ({@code ps -a --json -d WINDOW}). */
    JsonNode row(String id, String window) throws Exception {
        InProcess.Run r = jtop("ps", "-a", "--json", "-d", window);
        assertEquals(0, r.exit(), r.err());
        for (JsonNode n : r.json()) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not listed by jtop ps -a: " + r.out() + r.err());
    }

    String state(String id) {
        return engine().inspect(id).path("State").path("Status").asText();
    }

    @Test
    void containersAreListedWithTheirNamesImagesLabelsAndCgroupMetrics() throws Exception {
        String image = engine().image();
        String busy = run("busy", "--memory", "64m", "--label", "com.docker.compose.project=j5proj",
                "--label", "com.docker.compose.service=loop", image, "sh", "-c", "while :; do :; done");
        String idle = run("idle", image, "sleep", "1000");

        JsonNode r = row(busy, "2");
        JsonNode inspect = engine().inspect(busy);
        assertEquals(name("busy"), r.path("name").asText());
        assertEquals(engine().name(), r.path("runtime").asText());
        assertEquals(inspect.path("Config").path("Image").asText(), r.path("image").asText());
        assertEquals(inspect.path("State").path("Pid").asInt(), r.path("pid").asInt(), "the engine's init pid");
        assertEquals("running", r.path("state").asText());
        assertTrue(r.path("cgroup").asText().contains(busy), "the kernel's cgroup of this id: " + r.path("cgroup"));
        assertEquals("j5proj", r.path("compose_project").asText());
        assertEquals("loop", r.path("compose_service").asText());
        assertEquals(0, r.path("restart_count").asInt());
        assertTrue(r.path("cpu_percent").asDouble() > 30, "a busy loop: " + r.path("cpu_percent"));
        assertEquals(64L << 20, r.path("memory_limit_bytes").asLong());
        assertTrue(r.path("memory_working_set_bytes").asLong() > 0, r.toString());

        InProcess.Run table = jtop("ps", "-d", "0");
        long rows = table.out().lines().filter(l -> l.startsWith(idle.substring(0, 12))).count();
        assertEquals(1, rows, "one row per container, not one per backend: " + table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(idle.substring(0, 12)) && l.contains(name("idle"))
                && l.contains(engine().name())), table.out());
    }

    @Test
    void actionsThroughJtopAreWhatTheEngineSees() throws Exception {
        String image = engine().image();
        String id = run("act", "--stop-timeout", "1", image, "sleep", "1000");
        String name = name("act");
        int pid = engine().inspect(id).path("State").path("Pid").asInt();

        assertOk(jtop("pause", name));
        assertEquals("paused", state(id));
        assertEquals("paused", row(id, "0").path("state").asText());
        assertOk(jtop("unpause", id.substring(0, 12)));
        assertEquals("running", state(id));

        assertOk(jtop("restart", "-t", "1", name));
        int restarted = engine().inspect(id).path("State").path("Pid").asInt();
        assertEquals("running", state(id));
        assertNotEquals(pid, restarted, "a new init");
        assertEquals(restarted, row(id, "0").path("pid").asInt(), "jtop lists the new init");

        assertOk(jtop("kill", "-s", "KILL", name));
        JsonNode killed = engine().inspect(id).path("State");
        assertEquals("exited", killed.path("Status").asText());
        assertEquals(137, killed.path("ExitCode").asInt());
        JsonNode exited = row(id, "0");
        assertEquals("exited", exited.path("state").asText());
        assertEquals(137, exited.path("exit_code").asInt());

        InProcess.Run stopped = jtop("stop", "-t", "1", name);
        assertOk(stopped); // an exited container stops without complaint, as with the engine's CLI
        assertOk(jtop("rm", name));
        assertFalse(engine().exists(id), name + " is gone");
    }

    @Test
    void stopWaitsForItsGraceAndRemoveOfARunningOneIsRefusedInOneLine() throws Exception {
        String image = engine().image();
        String id = run("stop", image, "sleep", "1000");
        InProcess.Run refused = jtop("rm", name("stop"));
        assertEquals(1, refused.exit());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("jtop: " + engine().name() + ": "), refused.err());
        assertEquals("running", state(id));

        long start = System.nanoTime();
        assertOk(jtop("stop", "-t", "1", name("stop")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("exited", state(id));
        assertTrue(millis >= 900, "sleep ignores SIGTERM as pid 1: killed after the 1 s grace, took " + millis + " ms");
        assertOk(jtop("rm", id));
        assertFalse(engine().exists(id));
    }

    /** Freezes a container's cgroup by hand, behind its engine's back; returns its freezer.state. */
    private Path freezeByHand(String id) throws Exception {
        int pid = engine().inspect(id).path("State").path("Pid").asInt();
        String path = Files.readString(Path.of("/proc", Integer.toString(pid), "cgroup")).lines()
                .filter(l -> l.matches("\\d+:freezer:.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no v1 freezer here")).split(":", 3)[2];
        Path state = Path.of("/sys/fs/cgroup/freezer" + path, "freezer.state");
        Host.freeze(state);
        return state;
    }

    @Test
    void aContainerFrozenBehindTheEnginesBackOrPausedByItIsThawedToBeStoppedOrKilled() throws Exception {
        Host.requireV1Freezer();
        String image = engine().image();
        String trap = "trap 'exit 3' TERM; while :; do sleep 0.1; done";
        String handy = run("handy", image, "sh", "-c", trap);
        awaitRunning(handy);
        Path state = freezeByHand(handy);
        assertOk(jtop("kill", "-s", "TERM", name("handy")));
        awaitState(handy, "exited");
        assertEquals(3, engine().inspect(handy).path("State").path("ExitCode").asInt(), "its TERM handler ran");
        assertFalse(Files.exists(state) && Files.readString(state).strip().equals("FROZEN"), "not left frozen");

        String paused = run("paused", image, "sleep", "1000");
        engine().cli("pause", paused);
        long start = System.nanoTime();
        assertOk(jtop("stop", "-t", "1", name("paused")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("exited", state(paused));
        assertTrue(millis < 30_000, "stopped within its grace and the calls' own time, took " + millis + " ms");
    }

    private void awaitRunning(String id) {
        awaitState(id, "running");
    }

    /** Polls the engine until the container is in {@code status}. */
    private void awaitState(String id, String status) {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!state(id).equals(status)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " is " + state(id) + ", not " + status + " within 20 s");
            }
            sleep(50);
        }
    }

    @Test
    void logsAreTheEnginesLogs() {
        String image = engine().image();
        String id = run("logs", image, "sh", "-c", "echo one; echo two >&2; echo three; sleep 1000");
        String[] expected = awaitLines(id, 3);
        InProcess.Run mine = jtop("logs", name("logs"));
        assertOk(mine);
        assertEquals("one\nthree\n", expected[0], "the engine's stdout");
        assertEquals(expected[0], mine.out(), "stdout");
        assertEquals(expected[1], mine.err(), "stderr");
        // The last line of both streams: which one is last is the engine's to say (two processes write).
        String[] last = engineLogs("--tail", "1", id);
        InProcess.Run tail = jtop("logs", "--tail", "1", name("logs"));
        assertEquals(last[0] + "|" + last[1], tail.out() + "|" + tail.err());
        InProcess.Run timed = jtop("logs", "-t", name("logs"));
        assertTrue(timed.out().lines().allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z (one|three)")), timed.out());
    }

    /** The engine's own {@code logs}, stdout and stderr apart, once they hold {@code lines} lines. */
    private String[] awaitLines(String id, int lines) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String[] r = engineLogs(id);
            if (r[0].lines().count() + r[1].lines().count() >= lines || System.nanoTime() > end) {
                return r;
            }
            sleep(100);
        }
    }

    /** {@code docker logs ARGS…}: its stdout and its stderr. */
    private String[] engineLogs(String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "", "logs", engine().name(), "logs"));
        argv.addAll(List.of(args));
        argv.set(2, "\"$@\" 2>/dev/null");
        String out = Host.run(argv.toArray(String[]::new));
        argv.set(2, "\"$@\" 2>&1 >/dev/null");
        return new String[] {out, Host.run(argv.toArray(String[]::new))};
    }

    @Test
    void shellRunsRootsLoginShellFromTheContainersPasswd() {
        Host.requireCommand("nsenter");
        String image = engine().image();
        run("shell", "--hostname", "j5box", image, "sh", "-c",
                "sed -i s#:/root:/bin/sh#:/root:/bin/ash# /etc/passwd; touch /tmp/ready; sleep 1000");
        awaitFile(name("shell"));
        Jtop.Result r = Jtop.runAs(List.of("bash", "-c", "printf 'echo $0; hostname\\n' | \"$@\"", "shell"),
                "--root", tmp.resolve("root").toString(), "--run-dir", tmp.resolve("run").toString(), "shell",
                name("shell")).assertOk();
        assertEquals("/bin/ash\nj5box\n", r.out(), r.err());
    }

    private void awaitFile(String container) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                engine().cli("exec", container, "test", "-e", "/tmp/ready");
                return;
            } catch (AssertionError notYet) {
                sleep(100);
            }
        }
        throw new AssertionError(container + " did not get ready");
    }

    @Test
    void namesThatMatchNothingAreOneLine() {
        InProcess.Run r = jtop("stop", name("nothere"));
        assertEquals(1, r.exit());
        assertEquals("jtop: no container matches '" + name("nothere") + "'\n", r.err());
    }

    static void assertOk(InProcess.Run r) {
        assertEquals(0, r.exit(), r.err());
        assertNotNull(r.out());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
