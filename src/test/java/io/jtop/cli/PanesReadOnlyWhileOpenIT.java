package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real full-screen UI reads of a container's {@code /proc/<pid>} while its table, its
 * detail view and each triage pane are shown, seen from outside by strace attached to jtop's JVM.
 * The container is one of jtop's own, with a listener inside ({@code nc -l -p 8080}).
 *
 * <p>Ticks are told apart by the host header's read of {@code /proc/meminfo}, which every tick
 * does once, after the containers and the detail view: the opens between two such reads are one
 * tick's. Each window of ticks starts one tick after the screen showed the new view, so no tick of
 * the view before is counted in it.
 *
 * <p>What each count means, per tick unless said otherwise:
 * <ul>
 *   <li>{@code sockets}: opens of {@code net/tcp}, {@code net/tcp6}, {@code net/udp},
 *       {@code net/udp6}, the Network pane's listeners: 4 while it is open, none otherwise.</li>
 *   <li>{@code fd}: opens of the {@code fd} directory, the Network pane's scan for the process
 *       that holds a listening socket: 1 (one process) while it is open, none otherwise.</li>
 *   <li>{@code attr}: opens of {@code attr/current}, the LSM label of the Security pane: 1 while it
 *       is open, none otherwise.</li>
 *   <li>{@code uid_map}: the user namespace's map. The table reads it once per new init (the
 *       sampler's identity of the container, for its ROOT=ROOT flag); the Mounts pane (the user
 *       beside each bind's owner) and the Security pane read it at each tick while open.</li>
 *   <li>{@code mountinfo}: the table reads it once per new init (the identity's mounts, for the
 *       SOCK and writable-/sys flags). The detail view reads it once per tick on every pane for
 *       the root file system (the Overlay pane and its upperdir scan); the Mounts and Security
 *       panes read it once more while open.</li>
 * </ul>
 */
class PanesReadOnlyWhileOpenIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Ticks looked at in each window of a pane. */
    private static final int TICKS = 3;
    /**
     * Ticks looked at in the table: more than two of its full reads ({@code Host.CONTINUOUS_FULL_EVERY}
     * ticks apart), at which the sampler reads its containers' inits again.
     */
    private static final int TABLE_TICKS = 11;
    /** One tick's end: the header's read of the host's memory figures. */
    private static final Pattern TICK = Pattern.compile("pread64\\(\\d+</proc/meminfo>");

    @TempDir
    Path tmp;

    private final String name = "panes-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eachPaneReadsItsFilesOnlyWhileOpenAndTheTableNone() throws Exception {
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("strace");
        assertEquals(0, InProcess.jtopIn(tmp, "image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
        try (Tmux t = Jtop.screen(tmp, 120, 40, "-d", "0.5");
             Trace trace = Trace.attach(t.pid(), tmp.resolve("trace"))) {
            t.awaitText("FLAGS", WAIT);
            trace.awaitTicks(now(), 1);

            // The table: the container starts while traced, so its first reads are in the window.
            long start = now();
            InProcess.Run run = InProcess.jtopIn(tmp, "run", "-d", "--name", name, "bb", "nc", "-l", "-p", "8080");
            assertEquals(0, run.exit(), run.err());
            int pid = pid();
            t.sendKeys("/");
            t.awaitText("Filter: ", WAIT);
            t.sendText(name);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains(name) && s.contains("running"), WAIT);
            long shown = now();
            trace.awaitTicks(shown, TABLE_TICKS);
            List<String> table = new ArrayList<>();
            for (List<String> tick : trace.ticks(start)) {
                table.addAll(tick);
            }
            Map<String, Integer> seen = opens(table, pid);
            assertEquals(Map.of("sockets", 0, "fd", 0, "attr", 0, "uid_map", 1, "mountinfo", 1), seen,
                    "the table reads no pane's file, and its identity once: " + seen);

            t.sendKeys("Enter"); // the detail view, on its first pane (Namespaces)
            t.awaitText(s -> s.contains("SHARED WITH") && s.contains("mnt "), WAIT);
            assertEachTick(trace, pid, "Namespaces", TICKS, Map.of("sockets", 0, "fd", 0, "attr", 0, "uid_map", 0, "mountinfo", 1));

            t.sendKeys("Tab", "Tab", "Tab", "Tab"); // Overlay, Processes, Config, Mounts
            t.awaitText(s -> s.contains("PROPAGATION") && s.contains("/proc"), WAIT);
            assertEachTick(trace, pid, "Mounts", TICKS, Map.of("sockets", 0, "fd", 0, "attr", 0, "uid_map", 1, "mountinfo", 2));

            t.sendKeys("Tab");
            t.awaitText(s -> s.contains("Interfaces") && s.contains(":8080"), WAIT);
            assertEachTick(trace, pid, "Network", TICKS, Map.of("sockets", 4, "fd", 1, "attr", 0, "uid_map", 0, "mountinfo", 1));

            t.sendKeys("Tab");
            t.awaitText(s -> s.contains("LSM label"), WAIT);
            assertEachTick(trace, pid, "Security", TICKS, Map.of("sockets", 0, "fd", 0, "attr", 1, "uid_map", 1, "mountinfo", 2));

            t.sendKeys("Escape");
            t.awaitText(s -> s.contains("FLAGS") && s.contains(name), WAIT);
            assertEachTick(trace, pid, "the table again", TABLE_TICKS, Map.of("sockets", 0, "fd", 0, "attr", 0, "uid_map", 0, "mountinfo", 0));

            t.sendKeys("q");
            assertEquals(0, t.awaitExit(WAIT));
        } finally {
            InProcess.jtopIn(tmp, "rm", "-f", name);
        }
    }

    /**
     * Over {@code n} ticks, each tick opens what {@code each} says. The screen shows the view now:
     * the tick that ends first from now on may have begun before, and is left out.
     */
    private static void assertEachTick(Trace trace, int pid, String view, int n, Map<String, Integer> each) {
        List<List<String>> ticks = trace.awaitTicks(now(), n + 1);
        for (List<String> tick : ticks.subList(1, ticks.size())) {
            assertEquals(each, opens(tick, pid), view + ": one tick's opens of /proc/" + pid + ":\n" + String.join("\n", tick));
        }
    }

    /** The opens of the container's files that the panes read, by kind. */
    private static Map<String, Integer> opens(List<String> lines, int pid) {
        Pattern open = Pattern.compile("openat2?\\([^,]*, \"/proc/" + pid
                + "/(net/(?:tcp|udp)6?|fd|attr/current|uid_map|mountinfo)\"");
        Map<String, Integer> n = new LinkedHashMap<>(Map.of("sockets", 0, "fd", 0, "attr", 0, "uid_map", 0, "mountinfo", 0));
        for (String line : lines) {
            Matcher m = open.matcher(line);
            if (m.find()) {
                String file = m.group(1);
                n.merge(file.startsWith("net/") ? "sockets" : file.equals("attr/current") ? "attr" : file, 1, Integer::sum);
            }
        }
        return n;
    }

    private int pid() throws Exception {
        InProcess.Run ps = InProcess.jtopIn(tmp, "ps", "--json", "-d", "0");
        for (var c : ps.json()) {
            if (name.equals(c.path("name").asText())) {
                return c.path("pid").asInt();
            }
        }
        throw new AssertionError(name + " is not listed: " + ps.out());
    }

    /** Now, as strace's {@code -ttt} stamps its lines: microseconds since the epoch. */
    private static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    /**
     * strace attached to a running process and its threads, writing the opens and the positioned
     * reads ({@code pread64}, with each descriptor's path: jtop reads kept-open files that way) to
     * a file, each line stamped with its time; closing it detaches. strace buffers what it writes,
     * so the file lags behind: a view's ticks are told by their lines' times, not by how much of
     * the file was there when the screen changed.
     */
    private static final class Trace implements AutoCloseable {
        private static final Pattern LINE = Pattern.compile("^\\d+ +(\\d+)\\.(\\d{6}) ");
        private final Process strace;
        private final Path file;

        private Trace(Process strace, Path file) {
            this.strace = strace;
            this.file = file;
        }

        static Trace attach(long pid, Path file) throws IOException {
            Process p = new ProcessBuilder("strace", "-f", "-ttt", "-y", "-e", "trace=openat,openat2,pread64",
                    "-o", file.toString(), "-p", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(file.resolveSibling("strace.out").toFile()).start();
            return new Trace(p, file);
        }

        /** The lines stamped at or after {@code since} (µs since the epoch). */
        List<String> since(long since) {
            List<String> out = new ArrayList<>();
            try {
                if (Files.exists(file)) {
                    for (String l : Files.readAllLines(file)) {
                        Matcher m = LINE.matcher(l);
                        if (m.find() && Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) >= since) {
                            out.add(l);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        /** The lines from {@code since} on, split at each tick's end; the last, unfinished one left out. */
        List<List<String>> ticks(long since) {
            List<List<String>> ticks = new ArrayList<>();
            List<String> tick = new ArrayList<>();
            for (String l : since(since)) {
                tick.add(l);
                if (TICK.matcher(l).find()) {
                    ticks.add(tick);
                    tick = new ArrayList<>();
                }
            }
            return ticks;
        }

        /** Waits until {@code n} ticks ended from {@code since} on; returns them. */
        List<List<String>> awaitTicks(long since, int n) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                List<List<String>> ticks = ticks(since);
                if (ticks.size() >= n) {
                    return ticks.subList(0, n);
                }
                if (System.nanoTime() > deadline || !strace.isAlive()) {
                    throw new AssertionError("strace saw " + ticks.size() + " ticks of " + n + " (alive: "
                            + strace.isAlive() + "); its output: " + read(file.resolveSibling("strace.out")));
                }
                try {
                    Thread.sleep(50); // a poll interval: the condition is the trace's content
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }

        private static String read(Path p) {
            try {
                return Files.exists(p) ? Files.readString(p) : "(none)";
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            strace.destroy();
            if (!strace.waitFor(10, TimeUnit.SECONDS)) {
                strace.destroyForcibly();
            }
        }
    }
}
