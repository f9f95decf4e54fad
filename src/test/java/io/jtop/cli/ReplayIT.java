package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.container.ContainerState;
import io.jtop.metrics.Snapshot;
import io.jtop.record.Recording;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop replay FILE}, the real jar in tmux over what {@code jtop record -d 0.5} recorded of
 * real Docker containers, one of which exited during the recording: the header's recorded time
 * follows the keys, the exited one runs before its exit and has exited after, actions say the
 * replay is read-only and leave the container untouched, ticks a recorder appends since are read
 * at the end, and q exits 0.
 */
class ReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration KEY_WAIT = Duration.ofSeconds(20);
    /** The header's clock: the recorded time in this host's zone. */
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

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
        return RecordingTape.read(file).recording();
    }

    /** Polls the recording until its last tick passes {@code test}. */
    private static Recording awaitTick(Path file, String what, Predicate<Recording> test) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            if (Files.size(file) > 0) {
                Recording r = read(file);
                if (r.size() > 0 && test.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(file + ": " + what + " not recorded within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** The state of container {@code id} at tick {@code i}, or null when the tick does not list it. */
    private static ContainerState state(Recording r, int i, String id) {
        for (Snapshot.Row row : r.snapshot(i).rows()) {
            if (row.container().id().equals(id)) {
                return row.container().state();
            }
        }
        return null;
    }

    /** How many ticks up to the last one show {@code id} in {@code state}, counted back from the last. */
    private static int lastTicksIn(Recording r, String id, ContainerState state) {
        int n = 0;
        for (int i = r.size() - 1; i >= 0 && state(r, i, id) == state; i--) {
            n++;
        }
        return n;
    }

    private static String header(int tick, int ticks) {
        return "tick " + (tick + 1) + " of " + ticks + "  ";
    }

    /** {@code t}, the time typed, Enter. */
    private static void goTo(Tmux t, Instant time) {
        t.sendKeys("t");
        t.awaitText("Go to a time", KEY_WAIT);
        t.sendText(time.toString());
        t.sendKeys("Enter");
    }

    @Test
    void theFullScreenReplayTravelsInTimeAndActsOnNothing() throws Exception {
        DockerFixture.image();
        long me = ProcessHandle.current().pid();
        String running = "replay18it-run-" + me;
        String exiting = "replay18it-exit-" + me;
        String runId = DockerFixture.run("--name", running, DockerFixture.IMAGE, "sh", "-c", "while :; do sleep 1; done");
        cleanup.add(() -> DockerFixture.remove(runId));
        String exitId = DockerFixture.run("--name", exiting, DockerFixture.IMAGE, "sh", "-c",
                "while [ ! -e /stop ]; do sleep 0.1; done; exit 3");
        cleanup.add(() -> DockerFixture.remove(exitId));
        JsonNode before = DockerFixture.inspect(runId).path("State");

        Path file = tmp.resolve("host.rec");
        Files.createFile(file);
        Process recorder = Jtop.start(Jtop.inStore(tmp, "record", "-d", "0.5", file.toString()));
        cleanup.add(recorder::destroyForcibly);
        awaitTick(file, exiting + " running for 3 ticks", r -> lastTicksIn(r, exitId, ContainerState.RUNNING) >= 3);
        Host.run("docker", "exec", exitId, "touch", "/stop");
        awaitTick(file, exiting + " exited for 3 ticks", x -> lastTicksIn(x, exitId, ContainerState.EXITED) >= 3);
        recorder.destroyForcibly(); // SIGKILL, as a crash: the file reads up to its last whole tick
        recorder.waitFor();
        Recording r = read(file);
        int last = r.size() - 1;
        int wasRunning = -1;
        int hadExited = -1;
        for (int i = 0; i <= last; i++) {
            ContainerState s = state(r, i, exitId);
            if (s == ContainerState.RUNNING) {
                wasRunning = i;
            } else if (s == ContainerState.EXITED && hadExited < 0 && wasRunning >= 0) {
                hadExited = i;
            }
        }
        assertTrue(wasRunning >= 0 && hadExited > wasRunning, "running at " + wasRunning + ", exited at " + hadExited);

        try (Tmux t = Jtop.screen(tmp, 160, 40, "replay", file.toString(), "-a")) {
            String screen = t.awaitText(header(last, r.size()), KEY_WAIT);
            assertTrue(screen.contains(" jtop  REPLAY " + CLOCK.format(r.time(last))), screen);
            t.sendKeys("/");
            t.sendText("replay18it-");
            t.sendKeys("Enter");
            t.sendKeys("[");
            screen = t.awaitText(header(last - 1, r.size()), KEY_WAIT);
            assertTrue(screen.contains("REPLAY " + CLOCK.format(r.time(last - 1))), screen);
            t.sendKeys("]");
            t.awaitText(header(last, r.size()), KEY_WAIT);

            goTo(t, r.time(wasRunning));
            screen = t.awaitText(header(wasRunning, r.size()), KEY_WAIT);
            assertTrue(screen.lines().anyMatch(l -> l.contains(exiting) && l.contains(" running ")), screen);
            goTo(t, r.time(hadExited));
            screen = t.awaitText(header(hadExited, r.size()), KEY_WAIT);
            assertTrue(screen.lines().anyMatch(l -> l.contains(exiting) && l.contains("exited (3)")), screen);

            t.sendKeys("{");
            t.awaitText(header(0, r.size()), KEY_WAIT); // less than a minute recorded: the first tick
            t.sendKeys("}");
            t.awaitText(header(last, r.size()), KEY_WAIT); // and the last
            goTo(t, Instant.parse("2000-01-01T00:00:00Z"));
            t.awaitText("the recording starts at " + CLOCK.format(r.time(0)), KEY_WAIT);
            t.sendKeys("t");
            t.awaitText("Go to a time", KEY_WAIT);
            t.sendText("nonsense");
            t.sendKeys("Enter");
            screen = t.awaitText("not a time: 'nonsense'", KEY_WAIT);
            assertTrue(screen.contains(header(last, r.size())), "a bad time moves nothing:\n" + screen);

            // The running one, selected alone: S (stop) and k (kill) say read-only, and nothing reaches it.
            t.sendKeys("Escape"); // the filter cleared
            t.awaitText("filter cleared", KEY_WAIT);
            t.sendKeys("/");
            t.sendText(running);
            t.sendKeys("Enter");
            t.awaitText("filter: " + running, KEY_WAIT);
            for (String key : List.of("S", "k", "s", "R", "l")) {
                t.sendKeys("?");
                t.awaitText("jtop help", KEY_WAIT);
                t.sendKeys("Escape");
                t.sendKeys(key);
                screen = t.awaitText(" replay: read-only", KEY_WAIT);
                assertTrue(!screen.contains("Send to") && !screen.contains("Stop " + running), screen);
            }

            // A recorder still writing: ] at the end reads the ticks it appended since.
            Process again = Jtop.start(Jtop.inStore(tmp, "record", "-d", "0.5", file.toString()));
            cleanup.add(again::destroyForcibly);
            Recording more = awaitTick(file, "3 more ticks", x -> x.size() >= r.size() + 3);
            t.sendKeys("]");
            int ticks = ticksShown(t, r.size());
            assertTrue(ticks >= more.size(), "the header counts " + ticks + " ticks, the file had " + more.size());
            again.destroyForcibly();

            t.sendKeys("q");
            assertEquals(0, t.awaitExit(KEY_WAIT));
        }
        JsonNode after = DockerFixture.inspect(runId).path("State");
        assertEquals(true, after.path("Running").asBoolean(), "untouched: " + after);
        assertEquals(before.path("Pid").asInt(), after.path("Pid").asInt());
        assertEquals(before.path("StartedAt").asText(), after.path("StartedAt").asText());
    }

    /** The header's tick count once it is above {@code than}. */
    private static int ticksShown(Tmux t, int than) {
        String screen = t.awaitText(s -> {
            int n = count(s);
            return n > than;
        }, KEY_WAIT);
        return count(screen);
    }

    private static int count(String screen) {
        String head = screen.lines().findFirst().orElse("");
        int of = head.indexOf(" of ");
        if (of < 0) {
            return -1;
        }
        String rest = head.substring(of + 4);
        int end = rest.indexOf(' ');
        try {
            return Integer.parseInt(end < 0 ? rest : rest.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
