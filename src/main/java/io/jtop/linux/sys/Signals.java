package io.jtop.linux.sys;

import io.jtop.linux.proc.ProcStat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * Sends signals so that a recycled pid is never hit: a pidfd is opened on the pid first (it names
 * that process and no later one), then the process's start time is checked against the one the
 * caller saw when it listed the process, and only then is the signal sent through the pidfd.
 */
public final class Signals {

    private static final int EPERM = 1;
    private static final int ESRCH = 3;

    /** Linux's signal numbers (x86-64, arm64 and most others share them). */
    private static final Map<String, Integer> NUMBERS = new TreeMap<>(Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
            Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10),
            Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14),
            Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18),
            Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
            Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
            Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31)));

    /** The process has exited (or never existed). */
    public static final class ProcessGoneException extends IOException {
        ProcessGoneException(String message) {
            super(message);
        }
    }

    /** The pid now names another process than the one that was listed. */
    public static final class ProcessChangedException extends IOException {
        ProcessChangedException(String message) {
            super(message);
        }
    }

    private Signals() {
    }

    /** A signal from {@code KILL}, {@code SIGKILL}, {@code kill} or {@code 9}. */
    public static int parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(t);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        Integer n = NUMBERS.get(t);
        if (n == null) {
            throw new IllegalArgumentException("unknown signal '" + s + "' (try KILL, TERM, HUP, INT, USR1 or a number)");
        }
        return n;
    }

    /** The names jtop knows, for menus and help. */
    public static Map<String, Integer> names() {
        return NUMBERS;
    }

    /**
     * Signals process {@code pid} if it is still the one that started at {@code startTicks}
     * (field 22 of {@code /proc/<pid>/stat}).
     *
     * @param procRoot the /proc to check the start time in (injected for tests)
     */
    public static void send(int pid, long startTicks, int signal, Path procRoot) throws IOException {
        send(pid, ticks -> ticks == startTicks, signal, procRoot);
    }

    /**
     * Signals process {@code pid} if its start time (field 22 of {@code /proc/<pid>/stat}), read
     * once the pidfd holds the process, is one {@code listed} accepts: the caller's one check that
     * this is the process it listed.
     */
    public static void send(int pid, LongPredicate listed, int signal, Path procRoot) throws IOException {
        int fd;
        try {
            fd = Native.pidfdOpen(pid);
        } catch (IOException e) {
            if (Native.errno(e) == ESRCH) {
                throw new ProcessGoneException("process " + pid + " has exited");
            }
            throw e;
        }
        try {
            ProcStat now = ProcStat.parse(readStat(procRoot, pid));
            if (now == null) {
                throw new ProcessGoneException("process " + pid + " has exited");
            }
            if (!listed.test(now.startTimeTicks())) {
                throw new ProcessChangedException("process " + pid + " changed since it was listed (pid reused); "
                        + "nothing was signalled");
            }
            try {
                Native.pidfdSendSignal(fd, signal);
            } catch (IOException e) {
                if (Native.errno(e) == ESRCH) {
                    throw new ProcessGoneException("process " + pid + " has exited");
                }
                if (Native.errno(e) == EPERM) {
                    throw new AccessDeniedException("/proc/" + pid, null, "not permitted to signal process "
                            + pid + ": it is another user's, and only root (or CAP_KILL) may signal it");
                }
                throw e;
            }
        } finally {
            Native.close(fd);
        }
    }

    private static String readStat(Path procRoot, int pid) {
        try {
            return Files.readString(procRoot.resolve(Integer.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return null;
        }
    }
}
