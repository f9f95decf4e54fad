package io.jtop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A terminal program running in a detached tmux session of a fixed size, for end-to-end tests of
 * a full-screen UI: send keys, read the screen, wait for text, resize, wait for the exit status.
 *
 * <p>Each instance starts its own tmux server (socket {@code -L NAME}, no user configuration) with
 * one session {@code NAME}, {@code jtop-it-<random>}: options set here cannot reach a user's
 * tmux, and {@link #close()} ends that server and nothing else. The command runs under a small
 * {@code sh} wrapper that records its pid and then {@code exec}s it, so {@link #pid()} is the
 * program's own process. With {@link Builder#recordStty()} the wrapper stays around it instead,
 * runs {@code stty -a} on the same tty before and after, and exits with the program's status.
 *
 * <p>tmux 3.3a quirks this works around: a new session while the global {@code window-size} is
 * {@code manual} crashes the server (segfault), so it is set on the window once it exists; a pane is
 * {@code pane_dead} as soon as its pty closes, but now and then the server never reaps the process
 * and {@code pane_dead_status} stays empty, so {@link #awaitExit} reads the zombie's status; and
 * the socket file outlives the server.
 */
public final class Tmux implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    // The mode flags tmux 3.3a reports (bracketed_paste and focus_flag come in later versions).
    private static final List<String> MODES = List.of("alternate_on", "cursor_flag", "keypad_flag",
            "keypad_cursor_flag", "mouse_any_flag", "mouse_all_flag", "mouse_button_flag",
            "mouse_standard_flag", "mouse_sgr_flag", "mouse_utf8_flag", "origin_flag", "wrap_flag", "insert_flag");

    // $0 is the work directory; the rest is "env NAME=VALUE… COMMAND ARGS…".
    private static final String EXEC =
            "echo $$ >\"$0/pid.tmp\" && mv \"$0/pid.tmp\" \"$0/pid\" && exec env \"$@\"";
    private static final String MODES_FORMAT = String.join(" ", MODES.stream().map(m -> m + "=#{" + m + "}").toList());
    // A trap (not SIG_IGN, which the program would inherit) keeps the wrapper alive through C-c.
    // tmux's modes are asked from inside the pane while it lives: once it is dead, tmux hides the
    // cursor, or does not (when it missed the exit).
    private static final String WRAP_STTY = "trap : INT QUIT\n"
            + "state() { stty -a; tmux display -p -t \"$TMUX_PANE\" 'tmux: " + MODES_FORMAT + "'; }\n"
            + "state >\"$0/stty-before.tmp\"; mv \"$0/stty-before.tmp\" \"$0/stty-before\"\n"
            + "sh -c '" + EXEC + "' \"$0\" \"$@\"\n"
            + "rc=$?\n"
            + "state >\"$0/stty-after.tmp\"; mv \"$0/stty-after.tmp\" \"$0/stty-after\"\n"
            + "exit $rc\n";

    private final String name;
    private final Path dir;
    private final boolean recordStty;
    private long pid = -1;

    private Tmux(String name, Path dir, boolean recordStty) {
        this.name = name;
        this.dir = dir;
        this.recordStty = recordStty;
    }

    /** A session that will run {@code argv} (no shell: pass {@code sh -c …} for one). */
    public static Builder command(String... argv) {
        return new Builder(List.of(argv));
    }

    /** How to start the session; {@link #start()} starts it. */
    public static final class Builder {
        private final List<String> argv;
        private final Map<String, String> env = new LinkedHashMap<>(Map.of("TERM", "xterm-256color"));
        private int width = 80;
        private int height = 24;
        private boolean recordStty;

        private Builder(List<String> argv) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            this.argv = argv;
        }

        /** Columns and rows of the pane (default 80×24). */
        public Builder size(int columns, int rows) {
            this.width = columns;
            this.height = rows;
            return this;
        }

        /** An environment variable of the program; {@code TERM} is {@code xterm-256color} unless set here. */
        public Builder env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** Records the terminal's state in the pane before and after the program: {@link #sttyBefore()}, {@link #sttyAfter()}. */
        public Builder recordStty() {
            this.recordStty = true;
            return this;
        }

        /** Starts the session and checks that the pane has the size asked for; skips the test without tmux. */
        public Tmux start() {
            Host.requireCommand("tmux");
            String name = "jtop-it-" + UUID.randomUUID().toString().substring(0, 8);
            Path dir;
            try {
                dir = Files.createTempDirectory(name + "-");
                // No user configuration (-f): only these options. A dead pane stays, so its status can be
                // read, and keeps the program's last screen: no "Pane is dead" line scrolling it up.
                Files.writeString(dir.resolve("tmux.conf"), String.join("\n",
                        "set -g remain-on-exit on",
                        "set -g remain-on-exit-format ''",
                        "set -g status off",
                        "set -g default-terminal '" + env.get("TERM") + "'",
                        "set -g default-size " + width + "x" + height, ""));
            } catch (IOException e) {
                throw new UncheckedIOException("unable to prepare a tmux session directory", e);
            }
            Tmux t = new Tmux(name, dir, recordStty);
            List<String> cmd = new ArrayList<>(List.of(
                    // The server keeps the environment it starts with: none of an enclosing tmux,
                    // and no COLUMNS/LINES, which curses would take over the real size.
                    "env", "-u", "TMUX", "-u", "TMUX_PANE", "-u", "COLUMNS", "-u", "LINES",
                    "tmux", "-L", name, "-f", dir.resolve("tmux.conf").toString(),
                    "new-session", "-d", "-s", name, "-x", Integer.toString(width), "-y", Integer.toString(height),
                    "/bin/sh", "-c", recordStty ? WRAP_STTY : EXEC, dir.toString()));
            env.forEach((k, v) -> cmd.add(k + "=" + v));
            cmd.addAll(argv);
            try {
                Host.run(cmd.toArray(String[]::new));
                // Keeps the size if someone attaches to look (tmux -L NAME attach).
                t.tmux("set", "-w", "-t", name, "window-size", "manual");
                t.checkSize(width, height);
            } catch (RuntimeException | Error e) {
                t.close();
                throw e;
            }
            return t;
        }
    }

    /** The session name, also the tmux socket name: {@code tmux -L NAME attach} to watch a test. */
    public String name() {
        return name;
    }

    /**
     * Sends keys as {@code tmux send-keys} does: an argument that names a key ({@code Enter},
     * {@code Escape}, {@code F9}, {@code C-c}, {@code Up}, {@code BSpace}…) is that key, any other
     * is typed as text. Use {@link #sendText(String)} for text that could be read as a key name.
     */
    public void sendKeys(String... keys) {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", name));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(String[]::new));
    }

    /** Types {@code text} literally ({@code send-keys -l}). */
    public void sendText(String text) {
        tmux("send-keys", "-t", name, "-l", text);
    }

    /** The visible screen as plain text, one line per row (trailing blanks trimmed by tmux). */
    public String capture() {
        return tmux("capture-pane", "-p", "-t", name);
    }

    /** The visible screen with its colours and attributes as escape sequences ({@code capture-pane -e}). */
    public String captureWithEscapes() {
        return tmux("capture-pane", "-p", "-e", "-t", name);
    }

    /** Polls the screen until it contains {@code text}; returns that screen. */
    public String awaitText(String text, Duration timeout) {
        return await("'" + text + "'", s -> s.contains(text), timeout);
    }

    /** Polls the screen until {@code condition} holds; returns that screen. */
    public String awaitText(Predicate<String> condition, Duration timeout) {
        return await("the condition", condition, timeout);
    }

    private String await(String what, Predicate<String> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // One tmux call gives both the screen and whether the program still runs.
            String out = tmux("capture-pane", "-p", "-t", name, ";", "display", "-p", "-t", name, "#{pane_dead}");
            int cut = out.lastIndexOf('\n', out.length() - 2);
            String screen = out.substring(0, cut + 1);
            boolean dead = out.substring(cut + 1).strip().equals("1");
            if (condition.test(screen)) {
                return screen;
            }
            if (dead || System.nanoTime() > deadline) {
                throw new AssertionError((dead ? "the program in tmux session " + name + " ended before "
                        : "no ") + what + " on the screen within " + timeout.toMillis() + " ms; last screen ("
                        + paneSize() + "):\n" + screen);
            }
            sleep(POLL);
        }
    }

    /** Resizes the window (and its one pane) to {@code columns}×{@code rows}; the program gets SIGWINCH. */
    public void resize(int columns, int rows) {
        tmux("resize-window", "-t", name, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
        checkSize(columns, rows);
        awaitTtySize(columns, rows);
    }

    /**
     * Waits for the pane's tty to have the size: tmux reports a window's new size at once but
     * sets its pty's (TIOCSWINSZ, then SIGWINCH) from its event loop, a moment later.
     */
    private void awaitTtySize(int columns, int rows) {
        String tty = tmux("display", "-p", "-t", name, "#{pane_tty}").strip();
        String want = rows + " " + columns;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String size;
        while (!(size = Host.run("stty", "-F", tty, "size").strip()).equals(want)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tty " + tty + " of tmux session " + name + " is " + size
                        + " (rows columns) 5 s after a resize to " + want);
            }
            sleep(POLL);
        }
    }

    /** The pane's size as tmux reports it, {@code "80x24"}. */
    public String paneSize() {
        return tmux("display", "-p", "-t", name, "#{pane_width}x#{pane_height}").strip();
    }

    private void checkSize(int columns, int rows) {
        String size = paneSize();
        if (!size.equals(columns + "x" + rows)) {
            throw new AssertionError("tmux session " + name + " has a " + size + " pane, not " + columns + "x" + rows);
        }
    }

    /**
     * The program's process id. Without {@code recordStty()} it is the pane's process
     * ({@code #{pane_pid}}); with it, the pane's process is the wrapper shell and this is its child.
     */
    public long pid() {
        if (pid < 0) {
            pid = Long.parseLong(awaitFile("pid", Duration.ofSeconds(10)).strip());
        }
        return pid;
    }

    /**
     * Waits until the pane's process has ended and returns its exit status, 128 + N if signal N
     * ended it (as a shell reports it).
     */
    public int awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            String[] f = tmux("display", "-p", "-t", name,
                    "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}").strip().split(":", -1);
            if (f[0].equals("1") && !f[1].isEmpty()) {
                return Integer.parseInt(f[1]);
            }
            if (f[0].equals("1") && !f[2].isEmpty()) {
                return 128 + Integer.parseInt(f[2]);
            }
            if (f[0].equals("1")) {
                // tmux 3.3a marks the pane dead when the pty closes, and records the status when it
                // reaps the process; about one time in five it never reaps it, and the status stays
                // empty. The zombie still holds its wait status.
                int status = zombieStatus(f[3]);
                if (status >= 0) {
                    return status;
                }
            }
            sleep(POLL);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the program in tmux session " + name + " did not exit within "
                + timeout.toMillis() + " ms; last screen:\n" + capture());
    }

    /** The exit status of zombie PID as a shell reports it, or -1 if PID is not a zombie. */
    private static int zombieStatus(String pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", pid, "stat"));
        } catch (IOException e) {
            return -1; // reaped meanwhile: tmux has the status now
        }
        // After the comm's closing parenthesis: f[0] is field 3 (state), f[49] field 52 (exit_code,
        // Linux >= 3.5), a wait(2) status.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        if (!f[0].equals("Z") || f.length < 50) {
            return -1;
        }
        int w = Integer.parseInt(f[49]);
        return (w & 0x7f) == 0 ? (w >> 8) & 0xff : 128 + (w & 0x7f);
    }

    /**
     * The terminal modes set in tmux's emulator now, e.g. {@code "alternate_on=1 cursor_flag=0 …"}:
     * alternate screen, cursor visible, keypad, mouse reporting, origin, wrap, insert. Meaningful
     * while the program runs; for after it, see {@link #sttyAfter()}.
     */
    public String modes() {
        return tmux("display", "-p", "-t", name, MODES_FORMAT).strip();
    }

    /**
     * The terminal just before the program started (needs {@code recordStty()}): {@code stty -a}
     * of the pane's tty, then a line {@code tmux: } with the {@link #modes()} of that moment.
     */
    public String sttyBefore() {
        requireStty();
        return awaitFile("stty-before", Duration.ofSeconds(10));
    }

    /**
     * The terminal just after the program ended, as {@link #sttyBefore()} (needs {@code recordStty()}
     * and {@link #awaitExit}): a program that restores the terminal leaves both equal.
     */
    public String sttyAfter() {
        requireStty();
        Path f = dir.resolve("stty-after");
        if (!Files.exists(f)) {
            throw new AssertionError("no stty -a after the program yet: it still runs (call awaitExit first)");
        }
        return read(f);
    }

    private void requireStty() {
        if (!recordStty) {
            throw new IllegalStateException("start the session with recordStty() to record stty -a");
        }
    }

    /**
     * Ends this session's tmux server, so the program gets SIGHUP; one still running 2 s later
     * gets SIGKILL. Removes the work directory.
     */
    @Override
    public void close() {
        String socket = null;
        try {
            socket = tmux("display", "-p", "-t", name, "#{socket_path}").strip();
            tmux("kill-server");
        } catch (AssertionError e) {
            // No server (it never started, or is gone already): nothing to end.
        }
        Path pidFile = dir.resolve("pid");
        if (pid < 0 && Files.exists(pidFile)) {
            pid = Long.parseLong(read(pidFile).strip());
        }
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                } catch (ExecutionException | TimeoutException e) {
                    p.destroyForcibly();
                }
            });
        }
        // tmux 3.3a leaves its socket file behind when the server ends.
        try {
            if (socket != null && !socket.isEmpty()) {
                Files.deleteIfExists(Path.of(socket));
            }
            Host.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            throw new AssertionError("unable to clean up after tmux session " + name, e);
        }
    }

    private String tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", name));
        cmd.addAll(List.of(args));
        return Host.run(cmd.toArray(String[]::new));
    }

    private String awaitFile(String file, Duration timeout) {
        Path f = dir.resolve(file);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(f)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the wrapper in tmux session " + name + " wrote no " + file
                        + " within " + timeout.toMillis() + " ms; screen:\n" + capture());
            }
            sleep(POLL);
        }
        return read(f);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException("unable to read " + f, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
