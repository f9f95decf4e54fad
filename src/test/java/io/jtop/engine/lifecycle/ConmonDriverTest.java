package io.jtop.engine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import io.jtop.engine.lifecycle.OciDriver.State;
import io.jtop.engine.lifecycle.OciDriver.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonDriverTest {
    @TempDir
    Path dir;

    private final ConmonDriver driver = new ConmonDriver(Path.of("/usr/bin/conmon"), Path.of("/usr/sbin/runc"),
            Path.of("/run/jtop"));

    @Test
    void conmonGetsEveryFlagItNeedsAndRuncsRoot() {
        List<String> argv = driver.conmonArgv("c1", Path.of("/b"), Path.of("/l/c1.log"), Path.of("/x"));
        String line = String.join(" ", argv);
        assertTrue(line.startsWith("/usr/bin/conmon --cid c1 --cuuid c1 --name c1 --runtime /usr/sbin/runc"
                + " --runtime-arg --root=/run/jtop/runc"), line);
        assertTrue(line.contains("--socket-dir-path /run/jtop/sockets"), line);
        assertTrue(line.contains("--log-path k8s-file:/l/c1.log"), line);
        assertTrue(line.contains("--exit-dir /x"), line);
        assertTrue(line.contains("--container-pidfile /run/jtop/c1/container.pid"), line);
        assertTrue(!argv.contains("--syslog"), "--syslog hides conmon's errors: " + line);
        assertTrue(!argv.contains("--log-size-max"), line);
    }

    @Test
    void aLogSizeLimitGoesToConmon() {
        String line = String.join(" ", driver.conmonArgv("c1", Path.of("/b"), Path.of("/l/c1.log"), 10 << 20,
                Path.of("/x")));
        assertTrue(line.contains(" --log-size-max 10485760"), line);
    }

    @Test
    void everyRuncCallUsesTheSameRoot() {
        assertEquals(List.of("/usr/sbin/runc", "--root", "/run/jtop/runc", "--log-format", "json", "kill", "c1", "KILL"),
                driver.runtimeArgv("kill", "c1", "KILL"));
    }

    /** crun keeps its state in a format of its own: a root of its own, given to conmon's create and every call. */
    @Test
    void crunGetsARootOfItsOwnEverywhere() {
        ConmonDriver crun = new ConmonDriver(Path.of("/usr/bin/conmon"), Path.of("/usr/bin/crun"), Path.of("/run/jtop"),
                RuntimeWaits.DEFAULT);
        assertEquals(Path.of("/run/jtop/crun"), crun.stateRoot());
        String line = String.join(" ", crun.conmonArgv("c1", Path.of("/b"), Path.of("/l/c1.log"), Path.of("/x")));
        assertTrue(line.contains(" --runtime /usr/bin/crun --runtime-arg --root=/run/jtop/crun"), line);
        assertEquals(List.of("/usr/bin/crun", "--root", "/run/jtop/crun", "--log-format", "json", "start", "c1"),
                crun.runtimeArgv("start", "c1"));
    }

    /** A root the container's record keeps is the one used, whatever the run directory. */
    @Test
    void aGivenRootIsTheOneUsed() {
        ConmonDriver crun = new ConmonDriver(Path.of("/usr/bin/conmon"), Path.of("/usr/bin/crun"),
                Path.of("/elsewhere/crun"), Path.of("/run/jtop"), RuntimeWaits.DEFAULT);
        assertEquals(List.of("/usr/bin/crun", "--root", "/elsewhere/crun", "--log-format", "json", "pause", "c1"),
                crun.runtimeArgv("pause", "c1"));
    }

    /** A container's runtime removed since it was made with it: one line, naming it and what it was asked. */
    @Test
    void aRuntimeThatCannotBeRunIsSaidAsSuch() {
        ConmonDriver gone = new ConmonDriver(Path.of("/usr/bin/conmon"), dir.resolve("crun"), dir, RuntimeWaits.DEFAULT);
        IOException e = assertThrows(IOException.class, () -> gone.state("c1"));
        assertEquals("crun state c1: cannot run " + dir.resolve("crun") + " (No such file or directory)", e.getMessage());
        e = assertThrows(IOException.class, () -> gone.pause("c1"));
        assertEquals("crun pause c1: cannot run " + dir.resolve("crun") + " (No such file or directory)",
                e.getMessage());
    }

    @Test
    void parsesRuncState() throws IOException {
        String json = """
                {"ociVersion":"1.0.2-dev","id":"t1","pid":24930,"status":"created","bundle":"/b","new":1}""";
        assertEquals(new State("t1", Status.CREATED, 24930), ConmonDriver.parseState("runc", json));
        assertEquals(Status.STOPPED, ConmonDriver.parseState("runc", "{\"id\":\"t1\",\"pid\":0,\"status\":\"stopped\"}").status());
        IOException e = assertThrows(IOException.class,
                () -> ConmonDriver.parseState("crun", "{\"status\":\"sleeping\",\"x\":1}"));
        assertEquals("crun state: unknown status 'sleeping'", e.getMessage(), "named, and no JSON shown");
    }

    @Test
    void takesTheLastErrorFromRuncsJsonLog() {
        String log = """
                {"level":"warning","msg":"w","time":"2026-11-29T04:14:50Z"}
                {"level":"error","msg":"runc create failed: exec: \\"/nope\\": stat /nope: no such file","time":"x"}
                {"level":"info","msg":"i","time":"x"}
                """;
        assertEquals("runc create failed: exec: \"/nope\": stat /nope: no such file", ConmonDriver.lastError(log));
        assertEquals("panic: boom", ConmonDriver.lastError("panic: boom\n"));
        assertNull(ConmonDriver.lastError(""));
        // A line cut short (the disk filled as runc wrote it) is never shown raw.
        assertEquals("the runtime logged an unreadable line", ConmonDriver.lastError("{\"level\":\"error\",\"msg\":\"exec fa\n"));
        assertEquals("the runtime logged an error without a message", ConmonDriver.lastError("{\"level\":\"fatal\"}\n"));
    }

    /** crun writes the same JSON lines (seen here: crun 1.8.1 refusing a hybrid cgroup host). */
    @Test
    void takesTheLastErrorFromCrunsJsonLog() {
        String log = """
                {"msg":"cgroups in hybrid mode not supported, drop all controllers from cgroupv2","level":"error",\
                "time":"2026-12-05T20:18:48.266662Z"}
                """;
        assertEquals("cgroups in hybrid mode not supported, drop all controllers from cgroupv2",
                ConmonDriver.lastError(log));
    }

    @Test
    void takesConmonsErrorLine() {
        assertEquals("[conmon:e]: Failed to create symlink for attach socket", ConmonDriver.conmonReason(
                "[conmon:d]: failed to write to /proc/self/oom_score_adj\n[conmon:e]: Failed to create symlink for attach socket\n"));
        assertEquals("plain", ConmonDriver.conmonReason("plain\n"));
        assertEquals("no output", ConmonDriver.conmonReason(""));
    }

    @Test
    void readsExitFiles() throws IOException {
        assertEquals(OptionalInt.empty(), driver.exitCode(dir, "c1"));
        Files.writeString(dir.resolve("c1"), "");
        assertEquals(OptionalInt.empty(), driver.exitCode(dir, "c1"));
        Files.writeString(dir.resolve("c1"), "137");
        assertEquals(OptionalInt.of(137), driver.exitCode(dir, "c1"));
        Files.writeString(dir.resolve("c1"), "x");
        IOException e = assertThrows(IOException.class, () -> driver.exitCode(dir, "c1"));
        assertTrue(e.getMessage().contains(dir.resolve("c1").toString()), e.getMessage());
    }
    /**
     * A container the runtime keeps nothing of (deleted once it exited) is not asked about: its
     * delete is no call of the runtime, which for runc without --force, and for crun, would fail.
     */
    @Test
    void deletesThroughTheRuntimeOnlyWhatItsStateRootHolds() throws IOException {
        Path calls = dir.resolve("calls");
        Path runtime = dir.resolve("runtime");
        Files.writeString(runtime, "#!/bin/sh\necho \"$@\" >>" + calls + "\n");
        runtime.toFile().setExecutable(true);
        Path run = dir.resolve("run");
        ConmonDriver fake = new ConmonDriver(Path.of("/usr/bin/conmon"), runtime, run);
        fake.delete("c1", false, dir.resolve("exits"));
        assertTrue(Files.notExists(calls), "the runtime was called");
        Files.createDirectories(fake.stateRoot().resolve("c1"));
        fake.delete("c1", false, dir.resolve("exits"));
        assertEquals(List.of("--root " + fake.stateRoot() + " --log-format json delete c1"), Files.readAllLines(calls));
    }
}
