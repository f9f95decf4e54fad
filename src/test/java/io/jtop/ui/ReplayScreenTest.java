package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.jtop.testing.Hostile;
import io.jtop.ui.theme.Themes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The full-screen replay, the real UI (keys, loop, feed, drawing) on Lanterna's virtual terminal
 * over a made-up recording: the header's recorded time follows the keys, the detail view shows the
 * recorded history, every action on a container is refused in one line, and q ends it with 0.
 */
class ReplayScreenTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private DefaultVirtualTerminal vt;
    private CompletableFuture<Integer> ui;

    /** The replay of {@code tape} at tick {@code index}, on a virtual terminal of 120x30. */
    private void open(Tape tape, int index, boolean all) throws Exception {
        vt = new DefaultVirtualTerminal(new TerminalSize(120, 30));
        App.Options options = new App.Options(Themes.load("default"), UiConfig.defaults(), 1000, true, all);
        ui = CompletableFuture.supplyAsync(() -> {
            try {
                return App.replay(tape, index, options, () -> vt);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void quit() throws Exception {
        if (ui != null && !ui.isDone()) {
            key('q');
            ui.get(10, TimeUnit.SECONDS);
        }
    }

    private void key(char c) {
        vt.addInput(new KeyStroke(c, false, false));
    }

    private void key(KeyType type) {
        vt.addInput(new KeyStroke(type));
    }

    private void type(String text) {
        for (char c : text.toCharArray()) {
            key(c);
        }
    }

    /** The screen once it shows what {@code wanted} looks for. */
    private String await(String what, Predicate<String> wanted) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        String screen = "";
        while (System.nanoTime() < end) {
            screen = Screens.text(vt);
            if (wanted.test(screen)) {
                return screen;
            }
            Thread.sleep(20);
        }
        fail("the screen never showed " + what + ":\n" + screen);
        return screen;
    }

    private String await(String text) throws InterruptedException {
        return await("'" + text + "'", s -> s.contains(text));
    }

    private static String clock(int seconds) {
        return TimeTravel.CLOCK.format(MadeUpTape.T0.plusSeconds(seconds));
    }

    private static String header(int seconds, int tick, int ticks) {
        return " jtop  REPLAY " + clock(seconds) + "  tick " + tick + " of " + ticks + "  /tmp/made-up  READ-ONLY";
    }

    @Test
    void theKeysMoveTheRecordedTimeAndQQuitsWithZero() throws Exception {
        open(new MadeUpTape("web", MadeUpTape.every(10, 300)), -1, false);
        await(header(300, 31, 31));
        key('[');
        await(header(290, 30, 31));
        key('{');
        await(header(230, 24, 31));
        key(']');
        await(header(240, 25, 31));
        key('}');
        await(header(300, 31, 31));
        key(']');
        await("the line at the end", s -> s.contains("the recording's last tick, " + clock(300)));

        key('t');
        await("Go to a time");
        type("2026-12-06T03:01:15Z");
        key(KeyType.Enter);
        await(header(70, 8, 31));
        key('t');
        await("Go to a time");
        type("at dawn");
        key(KeyType.Enter);
        String bad = await("not a time: 'at dawn'");
        assertTrue(bad.contains(header(70, 8, 31)), "a bad time moves nothing:\n" + bad);

        key('q');
        assertEquals(0, ui.get(10, TimeUnit.SECONDS));
    }

    @Test
    void everyActionOnAContainerIsRefusedInOneLine() throws Exception {
        open(new MadeUpTape("web", MadeUpTape.every(1, 10)), -1, false);
        await(header(10, 11, 11));
        await("web");
        for (char k : new char[] {'s', 'S', 'k', 'p', 'r', 'R', 'e', 'l'}) {
            key('?'); // some other line first, to see the next one come
            key(KeyType.Escape);
            key(k);
            String s = await("the refusal of " + k, x -> x.lines().reduce((a, b) -> b).orElse("")
                    .equals(" replay: read-only"));
            assertFalse(s.contains("Signal") || s.contains("Stop ") || s.contains("Remove "), "no dialog:\n" + s);
        }
        key('d');
        await("replay: the ticks are the recording's");
    }

    @Test
    void aContainerThatExitedShowsRunningBeforeAndExitedAfter() throws Exception {
        open(new MadeUpTape("web", MadeUpTape.every(1, 9)), MadeUpTape.JOB_EXITS - 1, true);
        String before = await(header(4, 5, 10));
        assertTrue(before.lines().anyMatch(l -> l.contains(" job ") && l.contains("running")), before);
        key(']');
        String after = await(header(5, 6, 10));
        assertTrue(after.lines().anyMatch(l -> l.contains(" job ") && l.contains("exited (137)")), after);
        key('a'); // the running ones only
        await("exited ones hidden", s -> s.contains("showing running") && !s.contains(" job "));
    }

    @Test
    void theDetailViewGraphsTheRecordedHistoryUpToTheTickShown() throws Exception {
        open(new MadeUpTape("web", MadeUpTape.every(1, 9)), 3, false);
        await(header(3, 4, 10));
        key('/');
        type("web");
        key(KeyType.Enter);
        key(KeyType.Enter);
        await(" CPU 30.0%");
        key(']');
        await(" CPU 40.0%");
        String ns = await("shared with THE HOST: net");
        assertTrue(ns.contains("As recorded"), ns);
        key(KeyType.Tab);
        await("Overlay: not recorded.");
        for (int i = 0; i < 6; i++) {
            key(KeyType.Tab);
        }
        await("Events from what the recording shows");
        key('l');
        await("replay: read-only");
    }

    @Test
    void hostileNamesInTheRecordingAreDrawnEscaped() throws Exception {
        open(new MadeUpTape(Hostile.text(), MadeUpTape.every(1, 3)), -1, false);
        String s = await(header(3, 4, 4));
        await("the row", x -> x.contains("\\x1b"));
        Hostile.assertNothingRaw("the replay's table", Screens.text(vt).getBytes(StandardCharsets.UTF_8));
        key(KeyType.Enter);
        await(" CPU 30.0%");
        Hostile.assertNothingRaw("the replay's detail view", Screens.text(vt).getBytes(StandardCharsets.UTF_8));
        assertTrue(s.contains("READ-ONLY"));
    }

    @Test
    void anEmptyRecordingSaysSoAndShowsTheTicksARecorderAddsSince() throws Exception {
        open(new MadeUpTape("web").grows(0, 1, 2), -1, false);
        await(" jtop  REPLAY  nothing recorded yet in /tmp/made-up  (] reads it again)  READ-ONLY");
        key('[');
        await("nothing recorded yet in /tmp/made-up (] reads it again)");
        key(']');
        await(header(0, 1, 3));
        key(']');
        await(header(1, 2, 3));
    }

    @Test
    void aDamagedTickIsALineAndTheReplayGoesOn() throws Exception {
        Tape damaged = new MadeUpTape("web", MadeUpTape.every(1, 5)).undecodable(2);
        open(damaged, 3, false);
        await(header(3, 4, 6));
        key('/');
        type("web");
        key(KeyType.Enter);
        key(KeyType.Enter);
        await(" CPU 30.0%"); // its graphs start after the damage
        key(KeyType.Escape);
        key('[');
        await("recording damaged near 2026-12-06T03:00:02Z: a record does not decode");
        key('[');
        await(header(1, 2, 6));
    }
}
