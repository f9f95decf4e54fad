package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.record.Frames;
import io.jtop.record.Recording;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop record} over a real Docker container, killed with SIGKILL, then {@code jtop replay
 * … ps --json} at a recorded time; a full disk and a read-only file system as one line each.
 */
class RecordIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<Runnable> cleanup = new ArrayList<>();

    @BeforeEach
    void root() {
        Host.requireRoot();
    }

    @AfterEach
    void clean() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    private static Recording read(Path file) throws Exception {
        return Recording.of(List.of(Files.readAllBytes(file)));
    }

    /** Polls the recording until it holds {@code ticks} ticks. */
    private static Recording awaitTicks(Path file, int ticks) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (Files.size(file) > 0) {
                Recording r = read(file);
                if (r.size() >= ticks) {
                    return r;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(file + " did not reach " + ticks + " ticks within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private static Process killed(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        p.waitFor();
        return p;
    }

    @Test
    void aRecordingKilledMidWayReplaysTheContainerAsPsShowedIt() throws Exception {
        DockerFixture.image();
        String name = "record18it-" + ProcessHandle.current().pid();
        String id = DockerFixture.run("--name", name, "--memory", "64m", "--cpus", "0.5", "--pids-limit", "100",
                DockerFixture.IMAGE, "sh", "-c", "while :; do :; done");
        cleanup.add(() -> DockerFixture.remove(id));
        Path file = tmp.resolve("host.rec");
        Files.createFile(file);
        Process p = Jtop.start(Jtop.inStore(tmp, "record", "-d", "0.5", file.toString()));
        cleanup.add(p::destroyForcibly);
        awaitTicks(file, 6);
        long after = Long.parseLong(Files.readString(
                Path.of("/sys/fs/cgroup/cpuacct/docker", id, "cpuacct.usage")).trim());
        killed(p);

        Recording r = read(file);
        int last = r.size() - 1;
        Jtop.Result replay = Jtop.run(Jtop.inStore(tmp, "replay", file.toString(), "--at", r.time(last).toString(), "ps",
                "--json")).assertOk();
        JsonNode row = null;
        for (JsonNode n : replay.json()) {
            if (n.path("id").asText().equals(id)) {
                row = n;
            }
        }
        assertTrue(row != null, "the container in the replay: " + replay.out());
        assertEquals(name, row.path("name").asText());
        assertEquals("running", row.path("state").asText());
        assertEquals(DockerFixture.IMAGE.replace(":latest", ""), row.path("image").asText().replace(":latest", ""));
        assertEquals("/docker/" + id, row.path("cgroup").asText());
        assertEquals(64L << 20, row.path("memory_limit_bytes").asLong());
        assertEquals(50_000, row.path("cpu_quota_us").asLong());
        assertEquals(100, row.path("pids_limit").asLong());
        assertEquals(1, row.path("pids_current").asLong());
        long cpu = row.path("cpu_usage_nanos").asLong();
        assertTrue(cpu > 0 && cpu <= after, "recorded CPU time " + cpu + " ns, read after: " + after);
        double pct = row.path("cpu_percent").asDouble();
        assertTrue(pct > 30 && pct < 60, "a busy loop under --cpus 0.5: " + pct + " %");
        long ws = row.path("memory_working_set_bytes").asLong();
        assertTrue(ws > 0 && ws < (64L << 20), "working set " + ws);

        long bytes = Files.size(file);
        int rows = r.snapshot(last).rows().size();
        System.out.printf("recording: %d bytes, %d ticks, %d containers: %.1f bytes per container per sample%n",
                bytes, r.size(), rows, (double) bytes / r.size() / rows);

        // a second run continues the same file after the kill; both runs replay
        Process again = Jtop.start(Jtop.inStore(tmp, "record", "-d", "0.5", file.toString()));
        cleanup.add(again::destroyForcibly);
        awaitTicks(file, r.size() + 3);
        killed(again);
        Recording both = read(file);
        assertEquals(0, both.damaged());
        assertEquals(r.time(last), both.time(last));
        assertTrue(both.snapshot(both.size() - 1).rows().stream().anyMatch(x -> x.container().id().equals(id)));
    }

    @Test
    void aFullDiskIsOneLineAndTheRecordingStillReads() throws Exception {
        DockerFixture.image();
        String id = DockerFixture.run("--name", "record18it-full-" + ProcessHandle.current().pid(),
                DockerFixture.IMAGE, "sleep", "600");
        cleanup.add(() -> DockerFixture.remove(id));
        Path disk = mount("size=16k");
        Files.write(disk.resolve("filler"), new byte[12 << 10]); // one page left: full within a few seconds
        Path file = disk.resolve("full.rec");
        Jtop.Result r = Jtop.run(Jtop.inStore(tmp, "record", "-d", "0.1", file.toString()));
        assertEquals(1, r.exit(), r.err());
        assertEquals("jtop: cannot write " + file + ": No space left on device (what was recorded before reads)\n",
                r.err());
        Recording rec = read(file);
        assertTrue(rec.size() > 0, "ticks before the disk filled");
        assertEquals(0, rec.damaged());
        Jtop.run(Jtop.inStore(tmp, "replay", file.toString(), "--at", rec.time(rec.size() - 1).toString(), "ps", "--json"))
                .assertOk();
    }

    @Test
    void aReadOnlyFileSystemIsOneLine() throws Exception {
        Path disk = mount("size=64k");
        Path file = disk.resolve("ro.rec");
        Files.write(file, Frames.header());
        Host.run("mount", "-o", "remount,ro", disk.toString());
        Jtop.Result r = Jtop.run(Jtop.inStore(tmp, "record", file.toString()));
        assertEquals(1, r.exit(), r.err());
        assertEquals("jtop: cannot record to " + file + ": Read-only file system\n", r.err());
    }

    private Path mount(String options) throws Exception {
        Host.requireCommand("mount");
        Path dir = Files.createDirectory(tmp.resolve("disk"));
        Host.run("mount", "-t", "tmpfs", "-o", options, "record18it", dir.toString());
        cleanup.add(() -> Host.run("umount", dir.toString()));
        return dir;
    }
}
