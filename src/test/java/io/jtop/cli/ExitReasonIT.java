package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.EngineCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why a Docker container exited, as {@code inspect} (text and JSON) and {@code ps --json} say it,
 * against what dockerd records: killed by its memory limit, stopped, and ended with its own code.
 * The same memory kill on jtop's own runtime is OwnRuntimeTriageIT's.
 */
class ExitReasonIT {

    private static final EngineCli DOCKER = EngineCli.DOCKER;

    @TempDir
    Path tmp;

    private final List<String> created = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void requireDocker() {
        DOCKER.require();
        prefix = "died17it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    }

    @AfterEach
    void removeCreated() {
        created.forEach(DOCKER::remove);
    }

    private String run(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name", prefix + name));
        all.addAll(List.of(args));
        String id = DOCKER.run(all.toArray(String[]::new));
        created.add(id);
        return id;
    }

    private void awaitExited(String id) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!DOCKER.inspect(id).path("State").path("Status").asText().equals("exited")) {
            if (System.nanoTime() > end) {
                throw new AssertionError(id + " has not exited within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private JsonNode inspectJson(String id) throws Exception {
        InProcess.Run r = InProcess.jtopIn(tmp, "inspect", "--json", id);
        assertEquals(0, r.exit(), r.err());
        return r.json();
    }

    private JsonNode psRow(String id) throws Exception {
        for (JsonNode n : InProcess.psAll(tmp, "0")) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not listed by jtop ps -a");
    }

    @Test
    void aContainerKilledByItsMemoryLimitIs137ByTheOomKiller() throws Exception {
        String id = run("mem", "--memory", "32m", "--memory-swap", "32m", DOCKER.image(), "sh", "-c",
                "x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done");
        awaitExited(id);
        assertTrue(DOCKER.inspect(id).path("State").path("OOMKilled").asBoolean(), "dockerd saw the OOM kill");
        JsonNode j = inspectJson(id);
        assertEquals(137, j.path("exit_code").asInt());
        assertEquals(33554432L, DOCKER.inspect(id).path("HostConfig").path("Memory").asLong(), "dockerd keeps the limit");
        // Its cgroup is gone: the limit is the one the engine keeps, and the engine keeps no peak.
        assertEquals("137 = SIGKILL by the OOM killer: out of memory (limit 32MiB, peak unknown)",
                j.path("exit_reason").asText());
        assertTrue(j.path("memory_peak_bytes").isNull(), j.toString());
        // The engine's list does not say OOMKilled (inspect asks the engine): ps names every cause of a SIGKILL.
        assertEquals("137 = SIGKILL: a kill -9, a stop past its grace time, or an unseen OOM kill",
                psRow(id).path("exit_reason").asText());
        InProcess.Run text = InProcess.jtopIn(tmp, "inspect", id);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("Why it exited:       137 = SIGKILL by the OOM killer: out of memory"
                + " (limit 32MiB, peak unknown)\n"), text.out());
    }

    @Test
    void aStoppedSleepIs143BySigterm() throws Exception {
        // --init: a sleep as PID 1 of its namespace would ignore SIGTERM and be killed after the grace time.
        String id = run("stop", "--init", DOCKER.image(), "sleep", "1000");
        DOCKER.cli("stop", "-t", "20", id);
        awaitExited(id);
        JsonNode j = inspectJson(id);
        assertEquals(143, j.path("exit_code").asInt());
        assertEquals("143 = SIGTERM: asked to stop (by a stop or another process), and it did",
                j.path("exit_reason").asText());
    }

    @Test
    void anExitCodeOfItsOwnIsItsOwnFailure() throws Exception {
        String id = run("three", DOCKER.image(), "sh", "-c", "exit 3");
        awaitExited(id);
        assertEquals("3: it ended by itself with this code (its own failure)",
                inspectJson(id).path("exit_reason").asText());
        String missing = run("missing", DOCKER.image(), "sh", "-c", "no-such-command");
        awaitExited(missing);
        assertTrue(psRow(missing).path("exit_reason").asText().startsWith("127: its command was not found"));
    }
}
