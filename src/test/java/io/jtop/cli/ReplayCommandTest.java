package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.record.Encoder;
import io.jtop.record.Frames;
import io.jtop.testing.Hostile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop replay} on recordings written here, and the usage errors of {@code record} and {@code replay}. */
class ReplayCommandTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    @TempDir
    Path tmp;

    /** Ten ticks of one running container, its memory growing, and one that exits at tick 5. */
    private Path recording() throws Exception {
        Encoder e = new Encoder(4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Frames.header());
        for (int t = 0; t < 10; t++) {
            Container web = new Container("a".repeat(64), Hostile.text(), Runtime.DOCKER, "busybox", 42,
                    ContainerState.RUNNING, "/docker/" + "a".repeat(64), T0.minusSeconds(60), null, false);
            Container job = new Container("b".repeat(64), "job", Runtime.JTOP, "busybox", t < 5 ? 43 : 0,
                    t < 5 ? ContainerState.RUNNING : ContainerState.EXITED, "/jtop/job", T0.minusSeconds(30),
                    t < 5 ? null : 137, t >= 5);
            Sample s = Sample.builder().cpuPercent(50.0).cpuUsageNanos(500_000_000L * t)
                    .memoryWorkingSetBytes(1_000_000L + 4096L * t).memoryLimitBytes(64L << 20).pidsCurrent(2L).build();
            out.writeBytes(e.encode(new Snapshot(T0.plusSeconds(t), List.of(new Snapshot.Row(web, s),
                    new Snapshot.Row(job, s)), Set.of())));
        }
        Path file = tmp.resolve("rec");
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void psJsonAtATimeIsTheLastTickBeforeIt() throws Exception {
        Path file = recording();
        InProcess.Run r = InProcess.jtop("replay", file.toString(), "--at", "2026-12-06T03:00:06.500Z", "ps", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode rows = r.json();
        assertEquals(1, rows.size(), "the exited one only with -a: " + r.out());
        assertEquals(Hostile.text(), rows.get(0).path("name").asText());
        assertEquals(1_000_000L + 4096L * 6, rows.get(0).path("memory_working_set_bytes").asLong());
        assertEquals(3_000_000_000L, rows.get(0).path("cpu_usage_nanos").asLong());

        r = InProcess.jtop("replay", file.toString(), "--at", "2026-12-06T03:00:06Z", "ps", "-a", "--json");
        assertEquals(2, r.json().size());
        JsonNode job = r.json().get(0); // newest first
        assertEquals("job", job.path("name").asText());
        assertEquals(137, job.path("exit_code").asInt());
        assertTrue(job.path("oom_killed").asBoolean());
    }

    @Test
    void theTableEscapesWhatTheRecordingHolds() throws Exception {
        InProcess.Run r = InProcess.jtop("replay", recording().toString(), "--at", "2026-12-06T03:00:09Z", "ps");
        assertEquals(0, r.exit(), r.err());
        Hostile.assertNothingRaw("replay ps", r.out().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTimeBeforeTheRecordingOrAFileThatIsNoneIsOneLine() throws Exception {
        Path file = recording();
        InProcess.Run r = InProcess.jtop("replay", file.toString(), "--at", "2026-12-06T02:00:00Z", "ps");
        assertEquals(1, r.exit());
        assertEquals("jtop: " + file + " starts at 2026-12-06T03:00:00Z, after 2026-12-06T02:00:00Z\n", r.err());

        byte[] future = Files.readAllBytes(file);
        future[7] = 9;
        Files.write(file, future);
        r = InProcess.jtop("replay", file.toString(), "--at", "03:00", "ps");
        assertEquals(1, r.exit());
        assertEquals("jtop: " + file + ": recording format version 9 (this jtop reads version 1)\n", r.err());

        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        r = InProcess.jtop("replay", text.toString(), "--at", "03:00", "ps");
        assertEquals("jtop: " + text + ": not a jtop recording\n", r.err());
        r = InProcess.jtop("replay", tmp.resolve("missing").toString(), "--at", "03:00", "ps");
        assertEquals(1, r.exit());
        assertEquals("jtop: cannot read " + tmp.resolve("missing") + ": no such file or directory: "
                + tmp.resolve("missing") + "\n", r.err());
    }

    @Test
    void theFullScreenReplayWithoutATerminalIsOneLine() throws Exception {
        InProcess.Run r = InProcess.jtop("replay", recording().toString());
        assertEquals(1, r.exit());
        assertEquals("jtop: the full-screen replay needs a terminal on stdin and stdout; in scripts use "
                + "'jtop replay FILE --at TIME ps'\n", r.err());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path file = recording();
        InProcess.Run r = InProcess.jtop("replay", file.toString(), "--at", "yesterday", "ps");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("jtop: --at must be a time such as"), r.err());
        assertEquals(2, InProcess.jtop("replay", file.toString(), "--at", "03:00", "top").exit());
        r = InProcess.jtop("replay", file.toString(), "ps");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("jtop: 'replay FILE ps' needs --at TIME\n"), r.err());
        r = InProcess.jtop("replay", file.toString(), "--json");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("jtop: --json is for 'replay FILE --at TIME ps'\n"), r.err());
        assertEquals(2, InProcess.jtop("record", "--retain", "1w", file.toString()).exit());
        assertEquals(2, InProcess.jtop("record", "-d", "0", file.toString()).exit());
        assertEquals(null, RecordCommand.duration("0s"));
        assertEquals(Duration.ofHours(6), RecordCommand.duration("6h"));
    }
}
