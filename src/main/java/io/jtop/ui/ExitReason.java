package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Sample;

import java.util.Locale;

/**
 * Why a container died, or why a running one is slow, in one line: the first thing an admin asks of
 * an exit code. A shell reports a process killed by signal N as 128 + N, so 137 is SIGKILL and 143
 * SIGTERM; 126 and 127 are the shell's (and runc's) "cannot execute" and "not found"; 125 is
 * Docker's and Podman's own failure to start it. Whether SIGKILL came from the OOM killer is told
 * by any witness: the engine's record (Docker's {@code State.OOMKilled}, jtop's own), or the
 * cgroup's OOM kill counter that jtop saw grow while it ran. Pure: the detail view, {@code inspect}
 * and {@code ps --json} all print this text.
 */
public final class ExitReason {

    /** The share of CFS periods throttled from which a running container's line names it. */
    static final double THROTTLED_SHARE = 0.10;

    private ExitReason() {
    }

    /**
     * The line for a container, or null when there is nothing to explain (running and not
     * throttled, created, or an exit code its runtime does not know).
     *
     * @param c          the container (exit code, state, the engine's OOM flag; in its details the
     *                   memory limit its runtime keeps past the cgroup)
     * @param s          its latest figures, or null: the OOM kill counter, memory limit, CFS throttling
     * @param seen       what jtop saw of it while it ran ({@link Seen#NONE} for a command's one look)
     * @param memoryPeak the cgroup's memory high-water mark in bytes, or the one its runtime kept at exit
     *                   (as the inspection gives it); null when unknown
     */
    public static String of(Container c, Sample s, Seen seen, Long memoryPeak) {
        if (c.state() == ContainerState.RUNNING) {
            return throttled(s);
        }
        if (c.state() != ContainerState.EXITED || c.exitCode() == null || c.exitCode() < 0) {
            return null;
        }
        boolean oom = c.oomKilled() || seen.oomKills() > 0 || s != null && s.oomKills() != null && s.oomKills() > 0;
        return exited(c.exitCode(), oom, Memory.of(c.details(), s, seen, memoryPeak));
    }

    /**
     * What jtop saw of a container while it ran, in this session's history.
     *
     * @param oomKills    how many times the cgroup's OOM kill counter grew
     * @param memoryPeak  the highest working set sampled, or null when none was
     * @param memoryLimit the latest memory limit sampled, or null when none was
     */
    public record Seen(int oomKills, Long memoryPeak, Long memoryLimit) {
        /** Nothing seen: a command's one look. */
        public static final Seen NONE = new Seen(0, null, null);
    }

    /**
     * The memory figures of an exited container's line, each from the best witness left: the limit
     * from its cgroup (while it lasts), else from its runtime (Docker's and Podman's
     * {@code HostConfig.Memory}, jtop's bundle), else as jtop sampled it; the peak from its cgroup's
     * high-water mark, or the one jtop's runtime kept at exit (both given by the caller), else the
     * highest working set jtop sampled, which is said as seen: samples miss the last moments, so it
     * is at or below the kernel's mark.
     *
     * @param peak      bytes, or null when unknown
     * @param peakSeen  whether the peak is jtop's highest sample, not the kernel's mark
     * @param limit     bytes, or null when it has none or none is known
     * @param noLimit   whether the cgroup itself (a sample) said it has none: without one, no limit
     *                  told is not known to be none
     */
    record Memory(Long peak, boolean peakSeen, Long limit, boolean noLimit) {
        static Memory of(Details d, Sample s, Seen seen, Long peak) {
            Long limit = s != null && s.memoryLimitBytes() != null ? s.memoryLimitBytes()
                    : d != null && d.memoryLimit() != null ? d.memoryLimit() : seen.memoryLimit();
            boolean noLimit = s != null && limit == null;
            return peak != null || seen.memoryPeak() == null ? new Memory(peak, false, limit, noLimit)
                    : new Memory(seen.memoryPeak(), true, limit, noLimit);
        }

        /** The words after the cause: empty when nothing is known, "peak unknown" beside a known limit. */
        String words() {
            if (peak == null) {
                return limit == null ? "" : " (limit " + Format.bytes(limit) + ", peak unknown)";
            }
            String of = limit != null ? " of " + Format.bytes(limit) + " limit" : noLimit ? " (no limit)" : "";
            return ", peak " + (peakSeen ? "seen " : "") + Format.bytes(peak) + of;
        }
    }

    /** The line for an exit code, given whether the OOM killer is known to have struck and the memory figures. */
    static String exited(int code, boolean oom, Memory m) {
        String memory = m.words();
        if (oom) {
            String head = code == 137 ? "137 = SIGKILL by the OOM killer" : code + " after the OOM killer struck";
            return head + ": out of memory" + memory;
        }
        return switch (code) {
            case 0 -> "0: it ended by itself, successfully";
            case 125 -> "125: the engine could not start it (bad option or image)";
            case 126 -> "126: its command cannot be executed (not executable, or a directory)";
            case 127 -> "127: its command was not found (not in the image, or not on PATH)";
            case 137 -> "137 = SIGKILL: a kill -9, a stop past its grace time, or an unseen OOM kill" + memory;
            case 139 -> "139 = SIGSEGV: it crashed on a bad memory access (a bug in the program)";
            case 143 -> "143 = SIGTERM: asked to stop (by a stop or another process), and it did";
            default -> code > 128 && code < 160 ? code + " = " + signal(code - 128) + ": ended by a signal"
                    : code + ": it ended by itself with this code (its own failure)";
        };
    }

    /** The line for a running container throttled in at least {@link #THROTTLED_SHARE} of its CFS periods, else null. */
    static String throttled(Sample s) {
        if (s == null || s.cpuPeriods() == null || s.cpuThrottledPeriods() == null || s.cpuPeriods() <= 0) {
            return null;
        }
        double share = (double) s.cpuThrottledPeriods() / s.cpuPeriods();
        if (share < THROTTLED_SHARE) {
            return null;
        }
        String limit = s.cpuLimit() == null ? "its CPU limit" : "CPU limit " + Format.cpus(s.cpuLimit());
        return String.format(Locale.ROOT, "throttled in %.0f%% of periods (%d/%d): %s is below its demand",
                100 * share, s.cpuThrottledPeriods(), s.cpuPeriods(), limit);
    }

    /** The name of a signal by its Linux number on x86 and arm, or its number. */
    static String signal(int n) {
        return switch (n) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 10 -> "SIGUSR1";
            case 11 -> "SIGSEGV";
            case 12 -> "SIGUSR2";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            default -> "signal " + n;
        };
    }
}
