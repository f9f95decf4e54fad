package io.jtop.ui;

import io.jtop.container.ContainerEvent;
import io.jtop.container.Sample;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of the detail view's Events pane and of the Events section of {@code jtop inspect}: a
 * container's timeline, oldest first and newest at the bottom, as {@code docker events},
 * {@code kubectl describe} and a log read; the pane follows its end, so the newest is what shows
 * when it opens. Each line: the local clock (month-day and time: a timeline spans days), the age,
 * who tells it, what happened and what more is known. An engine's words are hostile text: the
 * lines are as it sent them, and escaped where they meet a terminal (the pane's view cleans each
 * line; {@code inspect} escapes each with {@code TerminalText}).
 */
public final class EventsPane {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private EventsPane() {
    }

    /**
     * The pane's lines.
     *
     * @param events      the timeline, oldest first
     * @param sources     where its events came from, said in the first line
     * @param s           the container's latest figures (its counters now), or null
     * @param pidsRefused forks refused at the pids limit since the cgroup was made, or null
     * @param now         the time ages are counted to
     */
    public static List<String> lines(List<ContainerEvent> events, String sources, Sample s, Long pidsRefused,
                                     Instant now) {
        List<String> out = new ArrayList<>();
        out.add("Events from " + sources + "; oldest first.");
        out.add(counters(s, pidsRefused));
        out.add(String.format(Locale.ROOT, "%-14s %10s  %-7s  %s", "TIME", "AGO", "SOURCE", "EVENT"));
        if (events.isEmpty()) {
            out.add("(none known)");
        }
        for (ContainerEvent e : events) {
            out.add(line(e, now));
        }
        return out;
    }

    /** One event's line, as the engine sent it: escaped where it meets a terminal. */
    static String line(ContainerEvent e, Instant now) {
        Duration age = Duration.between(e.time(), now);
        String what = e.action() + (e.count() > 1 ? " ×" + e.count() : "") + (e.detail().isEmpty() ? "" : "  " + e.detail());
        return String.format(Locale.ROOT, "%-14s %10s  %-7s  %s", STAMP.format(e.time()),
                age.isNegative() ? "-" : Format.age(age) + " ago", e.source(), what);
    }

    /**
     * The cgroup's counters now: what happened since it was made, even before jtop ran, without
     * times; {@code ?} where unknown (no cgroup: it has exited, or the kernel has no such file).
     */
    static String counters(Sample s, Long pidsRefused) {
        Long oom = s == null ? null : s.oomKills();
        Long periods = s == null ? null : s.cpuPeriods();
        Long throttled = s == null ? null : s.cpuThrottledPeriods();
        return "Cgroup counters: OOM kills " + (oom == null ? "?" : oom)
                + ", pids-limit refusals " + (pidsRefused == null ? "?" : pidsRefused)
                + ", throttled periods " + (throttled == null || periods == null ? "?" : throttled + "/" + periods);
    }
}
