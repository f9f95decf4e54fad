package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.metrics.UpperDirChanges;
import io.jtop.metrics.History;
import io.jtop.metrics.Inspection;
import io.jtop.metrics.NamespaceSharing;
import io.jtop.metrics.ProcessSampler;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.widget.Cells;
import io.jtop.ui.widget.Columns;
import io.jtop.ui.widget.Span;
import io.jtop.ui.widget.Sparkline;
import io.jtop.ui.widget.TextView;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detail view of one container: graphs of the session's CPU, memory and pids with their
 * limits and the cgroup's pressure (PSI) where the kernel gives it, then one of the panes
 * (namespaces, overlay, processes, config, mounts, network, security, events) as scrollable, searchable text. The panes' text is built by pure functions, tested without a screen.
 */
final class DetailView {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** The panes, in Tab order. */
    enum Pane {
        NAMESPACES("Namespaces", false), OVERLAY("Overlay", false), PROCESSES("Processes", false),
        CONFIG("Config", false), MOUNTS("Mounts", true), NETWORK("Network", true), SECURITY("Security", true),
        EVENTS("Events", true);

        final String title;
        /** Whether what it shows is read only while it is open (the Poller reads it at each tick then). */
        final boolean readWhileOpen;

        Pane(String title, boolean readWhileOpen) {
            this.title = title;
            this.readWhileOpen = readWhileOpen;
        }
    }

    private DetailView() {
    }

    /** Graph rows per graph for a screen height: more history is worth more on a taller screen. */
    static int graphRows(int height) {
        return height >= 44 ? 5 : height >= 34 ? 4 : height >= 28 ? 3 : height >= 20 ? 2 : 1;
    }

    static void draw(TextGraphics g, TerminalSize size, Theme theme, Container c, Sample s, Detail d, Pane pane,
                     TextView view, boolean braille, String status, boolean error, Instant now) {
        if (MainView.tooSmall(g, size, theme)) {
            return;
        }
        int w = size.getColumns();
        int h = size.getRows();
        MainView.clear(g, w, h, theme);
        Cells.put(g, 0, 0, List.of(new Span(Columns.fit(title(c, s, now), w, false), SemanticKey.HEADER)), theme);
        int gh = graphRows(h);
        int y = 1;
        String why = whyLine(c, s, d);
        if (why != null) {
            // The first thing asked of a dead or slow container, above the graphs that show the history behind it.
            Cells.put(g, 0, y, List.of(new Span(Columns.fit(why, w, false), c.exitCode() != null && c.exitCode() == 0
                    ? SemanticKey.TABLE_HEADER : SemanticKey.VALUE_CRITICAL)), theme);
            y++;
        }
        History.Series series = d == null ? null : d.series();
        Sparkline.Mode mode = braille ? Sparkline.Mode.BRAILLE : Sparkline.Mode.BLOCK;
        y = graph(g, theme, y, w, gh, cpuLabel(s, series), series == null ? new double[0] : series.cpuPercent(),
                cpuScale(s, series), s == null || s.cpuLimit() == null ? Double.NaN : s.cpuLimit() * 100, mode,
                SemanticKey.GRAPH_CPU);
        y = graph(g, theme, y, w, gh, memoryLabel(s, series), series == null ? new double[0] : doubles(series.memoryBytes()),
                scale(series == null ? null : series.memoryBytes(), s == null ? null : s.memoryLimitBytes()),
                s == null || s.memoryLimitBytes() == null ? Double.NaN : s.memoryLimitBytes(), mode, SemanticKey.GRAPH_MEMORY);
        y = graph(g, theme, y, w, gh, pidsLabel(s), series == null ? new double[0] : doubles(series.pids()),
                scale(series == null ? null : series.pids(), s == null ? null : s.pidsLimit()),
                s == null || s.pidsLimit() == null ? Double.NaN : s.pidsLimit(), mode, SemanticKey.GRAPH_PIDS);
        String pressure = pressureLabel(s);
        // Only with room left for the tabs, one row of the pane and the status line.
        if (pressure != null && y + 3 < h) {
            Cells.put(g, 0, y, List.of(new Span(Columns.fit(pressure, w, false), SemanticKey.TABLE_HEADER)), theme);
            y++;
        }
        tabs(g, theme, y, w, pane);
        int paneTop = y + 1;
        int paneHeight = Math.max(0, h - 1 - paneTop);
        view.draw(g, 0, paneTop, w, paneHeight, theme);
        String line = status != null ? " " + status
                : " " + view.status() + "   Tab pane  ↑↓ PgUp PgDn scroll  / search  n N next  Esc back";
        Cells.put(g, 0, h - 1, List.of(new Span(Columns.fit(line, w, false),
                error ? SemanticKey.STATUS_ERROR : SemanticKey.STATUS)), theme);
    }

    private static int graph(TextGraphics g, Theme theme, int y, int w, int rows, String label, double[] values,
                             double max, double limit, Sparkline.Mode mode, SemanticKey style) {
        Cells.put(g, 0, y, List.of(new Span(Columns.fit(label, w, false), SemanticKey.TABLE_HEADER)), theme);
        Sparkline.Plot plot = Double.isNaN(limit) ? Sparkline.plot(values, max, w, rows, mode)
                : Sparkline.plot(values, max, limit, w, rows, mode);
        Sparkline.draw(g, 0, y + 1, plot, theme, style);
        return y + 1 + rows;
    }

    private static void tabs(TextGraphics g, Theme theme, int y, int w, Pane active) {
        List<Span> spans = new ArrayList<>();
        spans.add(new Span(" ", SemanticKey.ROW));
        int wide = 1;
        for (Pane p : Pane.values()) {
            wide += p.title.length() + 3;
        }
        boolean gaps = wide <= w; // too narrow for every tab with a gap: the tabs' own padding parts them
        for (Pane p : Pane.values()) {
            spans.add(new Span(" " + p.title + " ", p == active ? SemanticKey.ROW_SELECTED : SemanticKey.DIM));
            if (gaps) {
                spans.add(new Span(" ", SemanticKey.ROW));
            }
        }
        Cells.put(g, 0, y, MainView.fitSpans(spans, w), theme);
    }

    static String title(Container c, Sample s, Instant now) {
        StringBuilder b = new StringBuilder(" ").append(c.displayName()).append("  ").append(c.runtime().label())
                .append("  ").append(ContainerColumn.state(c));
        if (c.pid() > 0) {
            b.append("  PID ").append(c.pid());
        }
        if (c.image() != null) {
            b.append("  image ").append(c.image());
        }
        b.append("  id ").append(c.shortId());
        if (c.startedAt() != null) {
            b.append("  up ").append(Format.age(Duration.between(c.startedAt(), now)));
        }
        List<Flag> flags = Flag.of(s);
        if (!flags.isEmpty()) {
            b.append("  [").append(String.join(" ", flags.stream().map(Flag::badge).toList())).append(']');
        }
        return b.toString();
    }

    /**
     * {@code WHY …}: why the container exited or is throttled ({@link ExitReason}), with the memory
     * high-water mark read while the view is open and what jtop saw in this session (OOM kills, the
     * highest working set sampled, the limit) for when the cgroup has gone; null when there is
     * nothing to explain.
     */
    static String whyLine(Container c, Sample s, Detail d) {
        History.Series h = d == null ? null : d.series();
        Inspection i = d == null ? null : d.inspection();
        // An exited container as its runtime described it (OOM flag, limit), when the view has read it.
        Container who = i != null && i.container().id().equals(c.id()) && i.container().state() == c.state()
                ? i.container() : c;
        String why = ExitReason.of(who, s, seen(h), i == null ? null : i.memoryPeak());
        return why == null ? null : " WHY " + why;
    }

    /** What the session's history saw of a container; nothing without one. */
    static ExitReason.Seen seen(History.Series h) {
        if (h == null) {
            return ExitReason.Seen.NONE;
        }
        long peak = -1; // a gap in the series is -1
        for (long m : h.memoryBytes()) {
            peak = Math.max(peak, m);
        }
        return new ExitReason.Seen(h.oomKillsSeen().size(), peak < 0 ? null : peak, h.memoryLimit());
    }

    static String cpuLabel(Sample s, History.Series h) {
        StringBuilder b = new StringBuilder(" CPU ");
        b.append(s == null ? Format.NONE : Format.percent(s.cpuPercent()) + "%");
        if (s != null && s.cpuLimit() != null) {
            b.append("  limit ").append(Format.cpus(s.cpuLimit())).append(" CPU");
        }
        Long periods = s == null ? null : s.cpuPeriods();
        Long throttled = s == null ? null : s.cpuThrottledPeriods();
        if (throttled != null && periods != null && periods > 0) {
            b.append(String.format(Locale.ROOT, "  throttled in %d of %d periods (%.0f%%)", throttled, periods,
                    100.0 * throttled / periods));
            if (s.cpuThrottledNanos() != null) {
                b.append(String.format(Locale.ROOT, ", %.1f s", s.cpuThrottledNanos() / 1e9));
            }
        }
        return b.toString();
    }

    static String memoryLabel(Sample s, History.Series h) {
        StringBuilder b = new StringBuilder(" MEM ");
        b.append(s == null ? Format.NONE : Format.bytes(s.memoryWorkingSetBytes()));
        if (s != null && s.memoryLimitBytes() != null) {
            b.append(" of ").append(Format.bytes(s.memoryLimitBytes())).append(" limit (")
                    .append(Format.percent(s.memoryPercent())).append("%)");
        }
        if (s != null && s.memoryUsageBytes() != null) {
            b.append("  usage ").append(Format.bytes(s.memoryUsageBytes()));
        }
        if (s != null && s.swapBytes() != null && s.swapBytes() > 0) {
            b.append("  swap ").append(Format.bytes(s.swapBytes()));
        }
        if (s != null && s.oomKills() != null && s.oomKills() > 0) {
            b.append("  OOM kills ").append(s.oomKills());
        }
        if (h != null && !h.oomKillsSeen().isEmpty()) {
            b.append(" (seen at ");
            List<String> times = new ArrayList<>();
            for (Instant t : h.oomKillsSeen()) {
                times.add(CLOCK.format(t));
            }
            b.append(String.join(", ", times)).append(')');
        }
        return b.toString();
    }

    static String pidsLabel(Sample s) {
        StringBuilder b = new StringBuilder(" PIDS ");
        b.append(s == null ? Format.NONE : Format.count(s.pidsCurrent()));
        if (s != null && s.pidsLimit() != null) {
            b.append(" of ").append(s.pidsLimit()).append(" max");
        }
        return b.toString();
    }

    /**
     * The cgroup's pressure line, or null when the sample has no PSI figure: the kernel gives them
     * per cgroup on the unified hierarchy only (cgroup v2, kernel >= 4.20 with CONFIG_PSI).
     */
    static String pressureLabel(Sample s) {
        if (s == null || s.psiCpuSome10() == null && s.psiMemorySome10() == null && s.psiIoSome10() == null) {
            return null;
        }
        return " PRESSURE " + Format.pressure(s);
    }

    private static double cpuScale(Sample s, History.Series h) {
        double max = 0;
        if (h != null) {
            for (double v : h.cpuPercent()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double limit = s == null || s.cpuLimit() == null ? 100 : s.cpuLimit() * 100;
        return Math.max(10, Math.max(max, limit) * 1.1);
    }

    private static double scale(long[] values, Long limit) {
        double max = 0;
        if (values != null) {
            for (long v : values) {
                max = Math.max(max, v);
            }
        }
        if (limit != null) {
            max = Math.max(max, limit);
        }
        return Math.max(1, max * 1.1);
    }

    private static double[] doubles(long[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] < 0 ? Double.NaN : v[i];
        }
        return out;
    }

    // ---- pane text

    static List<String> paneText(Pane p, Detail d) {
        if (d == null) {
            return List.of("reading…");
        }
        if (d.recorded() && p != Pane.EVENTS) {
            return recorded(p, d.inspection().sample());
        }
        return switch (p) {
            case NAMESPACES -> namespaces(d.sharing(), d.names());
            case OVERLAY -> overlay(d.inspection().rootFs(), d.changes(), d.changesError());
            case PROCESSES -> processes(d.processes());
            case CONFIG -> config(d);
            case MOUNTS -> MountsPane.lines(d.mounts());
            case NETWORK -> d.network() == null && d.inspection().container().pid() > 0
                    ? List.of("reading…") : NetworkPane.lines(d.network());
            // Read only while its pane is open: absent until the tick after it opens.
            case SECURITY -> d.inspection().security() == null && d.inspection().container().pid() > 0
                    ? List.of("reading…") : SecurityPane.lines(d.inspection().security());
            case EVENTS -> d.eventSources() == null ? List.of("reading…") : EventsPane.lines(d.events(),
                    d.eventSources(), d.inspection().sample(), d.inspection().pidsRefused(), d.time());
        };
    }

    /**
     * A pane of a recorded detail: the namespaces the recording holds, and for the panes read live
     * from {@code /proc} and the runtime, that they are not recorded (today's would not be the past's).
     */
    static List<String> recorded(Pane p, Sample s) {
        if (p != Pane.NAMESPACES) {
            return List.of(p.title + ": not recorded.",
                    "A recording keeps each container's identity, state, figures, limits, flags and the namespaces it "
                            + "shares with the host; this pane is read live from /proc and the runtime, and what they "
                            + "show today is not what was then.");
        }
        List<String> host = s == null ? null : s.hostNamespaces();
        return List.of("As recorded: the namespaces its init shared with the host (a recording keeps no inode, nor "
                        + "which containers shared one with each other).",
                host == null ? "(not read at this tick: no process)"
                        : host.isEmpty() ? "shared with THE HOST: none"
                        : "shared with THE HOST: " + String.join(", ", host));
    }

    static List<String> namespaces(Map<String, NamespaceSharing.Shared> sharing, Map<String, String> names) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-8s %-12s %s", "TYPE", "INODE", "SHARED WITH"));
        if (sharing.isEmpty()) {
            out.add("(no process to read namespaces from)");
        }
        sharing.forEach((type, sh) -> {
            String with;
            if (sh.inode() == null) {
                with = "? (unreadable)";
            } else if (Boolean.TRUE.equals(sh.sharedWithHost())) {
                with = "THE HOST";
            } else if (sh.others().isEmpty()) {
                with = "its own";
            } else {
                with = "";
            }
            List<String> others = new ArrayList<>();
            for (String id : sh.others()) {
                others.add(names.getOrDefault(id, id.length() > 12 ? id.substring(0, 12) : id));
            }
            // Every container in the host's namespace is listed as sharing it; naming them adds noise.
            if (!others.isEmpty() && !Boolean.TRUE.equals(sh.sharedWithHost())) {
                with = String.join(", ", others);
            }
            out.add(String.format(Locale.ROOT, "%-8s %-12s %s", type, sh.inode() == null ? "-" : sh.inode(), with));
        });
        return out;
    }

    static List<String> overlay(Inspection.RootFs root, UpperDirChanges changes, String error) {
        List<String> out = new ArrayList<>();
        if (root == null) {
            out.add("(no root file system: the container has no running process)");
            return out;
        }
        out.add("root file system: " + root.fsType() + " from " + root.source());
        if (!root.fsType().equals("overlay")) {
            out.add("options: " + root.options());
            return out;
        }
        out.add("lowerdir, top to bottom (" + root.lowerDirs().size() + " layers):");
        for (int i = 0; i < root.lowerDirs().size(); i++) {
            out.add(String.format(Locale.ROOT, "  %3d  %s", i + 1, root.lowerDirs().get(i)));
        }
        out.add("upperdir  " + Format.text(root.upperDir()));
        out.add("workdir   " + Format.text(root.workDir()));
        out.add("merged    " + Format.text(root.merged()));
        out.add("");
        if (error != null) {
            out.add("changes: " + error);
            return out;
        }
        if (changes == null) {
            out.add("changes: reading…");
            return out;
        }
        Map<UpperDirChanges.Kind, UpperDirChanges.Total> t = changes.totals();
        out.add(String.format(Locale.ROOT, "changes in the upperdir: %d added (%s), %d modified (%s), %d deleted, %d opaque dirs%s%s",
                t.get(UpperDirChanges.Kind.ADDED).count(), Format.bytes(t.get(UpperDirChanges.Kind.ADDED).bytes()),
                t.get(UpperDirChanges.Kind.MODIFIED).count(), Format.bytes(t.get(UpperDirChanges.Kind.MODIFIED).bytes()),
                t.get(UpperDirChanges.Kind.DELETED).count(), t.get(UpperDirChanges.Kind.OPAQUE).count(),
                changes.truncated() ? " (stopped early: too many entries)" : "",
                changes.skipped() > 0 ? ", " + changes.skipped() + " unreadable" : ""));
        for (UpperDirChanges.Change ch : changes.changes()) {
            String kind = switch (ch.kind()) {
                case ADDED -> "A";
                case MODIFIED -> "M";
                case DELETED -> "D";
                case OPAQUE -> "O";
            };
            out.add(String.format(Locale.ROOT, "  %s %9s  %s", kind,
                    ch.kind() == UpperDirChanges.Kind.DELETED || ch.kind() == UpperDirChanges.Kind.OPAQUE ? ""
                            : Format.bytes(ch.bytes()), ch.path()));
        }
        return out;
    }

    static List<String> processes(List<ProcessSampler.Row> rows) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%8s %6s %-10s %6s %9s  %s", "PID", "CPID", "USER", "CPU%", "RSS", "COMMAND"));
        for (ProcessSampler.Row r : rows) {
            out.add(String.format(Locale.ROOT, "%8d %6s %-10s %6s %9s  %s", r.hostPid(),
                    r.containerPid() == null ? Format.NONE : r.containerPid(), Format.text(r.user()),
                    Format.percent(r.cpuPercent()), Format.bytes(r.rssBytes()), r.command()));
        }
        if (rows.isEmpty()) {
            out.add("(no processes)");
        }
        return out;
    }

    static List<String> config(Detail d) {
        if (d.config() != null) {
            return List.of(d.config().split("\n", -1));
        }
        List<String> out = new ArrayList<>();
        Inspection i = d.inspection();
        out.add("The runtime gives no configuration here; what the kernel shows:");
        out.add("cgroup " + Format.text(i.container().cgroup()));
        i.cgroupDirectories().forEach((k, v) -> out.add("  " + k + "  " + v));
        if (i.limits() != null) {
            out.add("limits " + i.limits());
        }
        out.add("privileged " + (i.privileged() == null ? "-" : i.privileged()));
        if (i.rootFs() != null) {
            out.add("root " + i.rootFs().fsType() + " " + i.rootFs().options());
        }
        return out;
    }
}
