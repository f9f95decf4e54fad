package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.jtop.container.ContainerState;
import io.jtop.container.Sample;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.theme.SemanticKey;
import io.jtop.ui.theme.Theme;
import io.jtop.ui.widget.Cells;
import io.jtop.ui.widget.Column;
import io.jtop.ui.widget.Columns;
import io.jtop.ui.widget.Meter;
import io.jtop.ui.widget.Span;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The main screen: a header of host figures, the container table and a status line. Pure drawing
 * on a TextGraphics (the screen's back buffer, or a virtual terminal in the golden tests).
 */
final class MainView {

    /** Below this the screen shows only a notice: a table needs a few rows and its key columns. */
    static final int MIN_WIDTH = 40;
    static final int MIN_HEIGHT = 8;

    /** Rows above the table: header line, meters, counts line, table header. */
    static final int TABLE_TOP = 4;

    /**
     * What one frame of the main screen shows.
     *
     * @param header     host figures, or null before the first tick
     * @param table      rows, selection, sort and filter
     * @param interval   refresh interval in ms
     * @param all        whether exited containers are listed
     * @param status     a message for the status line, or null for the key hints
     * @param error      whether the message is an error
     * @param filterEdit the filter being typed, or null when not editing
     * @param bound      whether a key's action is bound now (see {@link Actions#available})
     */
    record Model(HostHeader header, TableState table, long interval, boolean all, String status, boolean error,
                 String filterEdit, Keymap keymap, boolean readonly, Predicate<Action> bound) {
    }

    private MainView() {
    }

    static void draw(TextGraphics g, TerminalSize size, Theme theme, Model m) {
        int w = size.getColumns();
        int h = size.getRows();
        if (tooSmall(g, size, theme)) {
            return;
        }
        headerLine(g, w, theme, m);
        meters(g, w, theme, m.header());
        countsLine(g, w, theme, m);
        table(g, w, h, theme, m);
        statusLine(g, w, h - 1, theme, m);
    }

    /** Draws the "terminal too small" notice when it is; never throws for any size. */
    static boolean tooSmall(TextGraphics g, TerminalSize size, Theme theme) {
        int w = size.getColumns();
        int h = size.getRows();
        if (w >= MIN_WIDTH && h >= MIN_HEIGHT) {
            return false;
        }
        if (w <= 0 || h <= 0) {
            return true;
        }
        clear(g, w, h, theme);
        String[] lines = {"terminal too small", w + "x" + h + ", need " + MIN_WIDTH + "x" + MIN_HEIGHT, "q quits"};
        int top = Math.max(0, (h - lines.length) / 2);
        for (int i = 0; i < lines.length && top + i < h; i++) {
            String t = Cells.fit(lines[i], w);
            Cells.put(g, Math.max(0, (w - Cells.width(t)) / 2), top + i, List.of(new Span(t, SemanticKey.ROW)), theme);
        }
        return true;
    }

    static void clear(TextGraphics g, int w, int h, Theme theme) {
        for (int y = 0; y < h; y++) {
            Cells.put(g, 0, y, List.of(new Span(" ".repeat(w), SemanticKey.ROW)), theme);
        }
    }

    private static void headerLine(TextGraphics g, int w, Theme theme, Model m) {
        HostHeader hh = m.header();
        if (hh != null && hh.replayed() != null) {
            Cells.put(g, 0, 0, List.of(new Span(Columns.fit(replayLine(hh.replayed()), w, false), SemanticKey.HEADER)),
                    theme);
            return;
        }
        StringBuilder b = new StringBuilder(" jtop");
        if (hh != null) {
            b.append("  ").append(hh.hostname());
            if (hh.uptimeSeconds() >= 0) {
                b.append("  up ").append(Format.age(Duration.ofSeconds((long) hh.uptimeSeconds())));
            }
            if (hh.load() != null) {
                b.append("  load ").append(Format.twoDecimals(hh.load()[0])).append(' ')
                        .append(Format.twoDecimals(hh.load()[1])).append(' ').append(Format.twoDecimals(hh.load()[2]));
            }
        }
        b.append("  every ").append(Intervals.format(m.interval()));
        if (m.readonly()) {
            b.append("  READ-ONLY");
        }
        if (hh != null) {
            b.append("  cgroup v").append(hh.cgroupVersion()).append("  Linux ").append(hh.kernel());
        }
        Cells.put(g, 0, 0, List.of(new Span(Columns.fit(b.toString(), w, false), SemanticKey.HEADER)), theme);
    }

    /** A replay's header line: the recorded time of the tick shown, where it is in the recording, and which. */
    static String replayLine(HostHeader.Replayed r) {
        StringBuilder b = new StringBuilder(" jtop  REPLAY ");
        if (r.time() == null) {
            b.append(" nothing recorded yet in ").append(Format.text(r.name())).append("  (] reads it again)");
        } else {
            b.append(TimeTravel.CLOCK.format(r.time())).append("  tick ").append(r.tick() + 1).append(" of ")
                    .append(r.ticks()).append("  ").append(Format.text(r.name()));
        }
        b.append("  READ-ONLY");
        if (r.damage() != null) {
            b.append("  (").append(r.damage()).append(')');
        }
        return b.toString();
    }

    private static void meters(TextGraphics g, int w, Theme theme, HostHeader hh) {
        int half = w / 2;
        double cpu = hh == null || hh.cpuPercent() == null ? Double.NaN : hh.cpuPercent();
        // A recording holds the containers' figures, not the host's.
        String none = hh != null && hh.replayed() != null ? "host: not recorded" : "-";
        String cpuText = Double.isNaN(cpu) ? none : Format.percent(cpu) + "% of " + hh.cpus();
        new Meter("CPU").draw(g, 0, 1, half - 1, theme, cpu, 100, cpuText);
        double used = hh == null ? Double.NaN : hh.memoryUsed();
        double total = hh == null ? Double.NaN : hh.memoryTotal();
        String memText = hh == null || hh.memoryTotal() < 0 ? none
                : Format.bytes(hh.memoryUsed()) + "/" + Format.bytes(hh.memoryTotal());
        Cells.put(g, half - 1, 1, List.of(new Span(" ", SemanticKey.ROW)), theme);
        new Meter("MEM").draw(g, half, 1, w - half, theme, used, total, memText);
    }

    private static void countsLine(TextGraphics g, int w, Theme theme, Model m) {
        List<Span> spans = new ArrayList<>();
        StringBuilder b = new StringBuilder(" ");
        HostHeader hh = m.header();
        if (hh == null) {
            b.append("reading the cgroup tree…");
        } else {
            List<String> parts = new ArrayList<>();
            for (ContainerState s : ContainerState.values()) {
                Integer n = hh.states().get(s.label());
                if (n != null) {
                    parts.add(n + " " + s.label());
                }
            }
            b.append(parts.isEmpty() ? "no containers" : String.join(", ", parts));
            if (!m.all()) {
                b.append(" (a: show exited)");
            }
        }
        b.append("   sort ").append(m.table().sort().header()).append(m.table().descending() ? " ▼" : " ▲");
        if (m.table().grouping() != Grouping.NONE) {
            b.append("   by ").append(m.table().grouping().label());
        }
        if (!m.table().filter().isEmpty()) {
            b.append("   filter: ").append(m.table().filter()).append(" (")
                    .append(m.table().visible().size()).append(" of ").append(m.table().rows().size()).append(')');
        }
        b.append("   ");
        spans.add(new Span(b.toString(), SemanticKey.ROW));
        if (hh != null) {
            for (String backend : hh.backends()) {
                // Absent (no engine on this host) is not an error; failing is.
                boolean ok = backend.endsWith(" ok") || backend.endsWith(" not running");
                spans.add(new Span(backend, ok ? SemanticKey.DIM : SemanticKey.STATUS_ERROR));
                spans.add(new Span("  ", SemanticKey.ROW));
            }
        }
        Cells.put(g, 0, 2, fitSpans(spans, w), theme);
    }

    private static void table(TextGraphics g, int w, int h, Theme theme, Model m) {
        TableState t = m.table();
        List<Column> specs = new ArrayList<>();
        for (ContainerColumn c : ContainerColumn.values()) {
            specs.add(c.spec(c == t.sort() ? (t.descending() ? "▼" : "▲") : null));
        }
        int height = h - TABLE_TOP - 1;
        List<TableState.Line> rows = t.lines();
        int top = t.top(height);
        List<List<String>> cells = lineCells(t, rows.subList(Math.min(top, rows.size()),
                Math.min(rows.size(), top + Math.max(0, height))));
        Columns.Layout layout = Columns.layout(specs, t.widths().settle(Columns.contentWidths(specs, cells)), w);
        layout.drawHeader(g, 0, TABLE_TOP - 1, theme);
        FrameDiff.Rows memo = g instanceof FrameDiff.Rows r ? r : null;
        List<Object> memoLayout = memo == null ? null : List.of(w, t.sort(), t.descending(), t.grouping(), layout);
        for (int i = 0; i < height; i++) {
            int y = TABLE_TOP + i;
            int index = top + i;
            if (index >= rows.size()) {
                String empty = i == 0 && rows.isEmpty() ? emptyText(m) : "";
                Cells.put(g, 0, y, List.of(new Span(Columns.fit(empty, w, false), SemanticKey.DIM)), theme);
                continue;
            }
            TableState.Line line = rows.get(index);
            Snapshot.Row r = line.row();
            boolean selected = index == t.selectedIndex();
            boolean gone = r.container().state() == ContainerState.EXITED;
            // The selected row is drawn each time: its key is the row (a group's or member's: its
            // line, whose drawing also shows the tree), whose drawing is unselected. An exited row
            // too: its age moves on while the row stays the same object.
            Object key = line.kind() == TableState.Line.Kind.CONTAINER ? r
                    : List.of(line, t.isCollapsed(line.group().key()));
            boolean memoable = memo != null && !selected && !gone;
            if (memoable && memo.replay(y, memoLayout, key)) {
                continue;
            }
            SemanticKey rowStyle = selected ? SemanticKey.ROW_SELECTED : gone ? SemanticKey.DIM : SemanticKey.ROW;
            layout.drawRow(g, 0, y, cells.get(i), selected ? null : cellStyles(r), theme, rowStyle);
            if (memoable) {
                memo.remember(y, key);
            }
        }
    }

    /**
     * The NAME cell of a line: a group's name with ▸ (collapsed) or ▾, then its kind where the
     * grouping has several ({@code pod}, {@code compose}) and its count of members shown, e.g.
     * {@code ▾ shop (compose, 2)}; a member's indented under it as in htop's tree.
     */
    /**
     * The cells of the lines on screen: a container's as its row shows it (kept from frame to frame
     * by {@link RowCells}); a group's and a member's with the tree drawn into the name, and no id
     * on a group's line.
     */
    private static List<List<String>> lineCells(TableState t, List<TableState.Line> lines) {
        List<Snapshot.Row> rows = new ArrayList<>(lines.size());
        for (TableState.Line line : lines) {
            rows.add(line.row());
        }
        List<List<String>> cells = t.cells().of(rows, t.time());
        List<List<String>> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            TableState.Line line = lines.get(i);
            List<String> c = cells.get(i);
            if (line.kind() != TableState.Line.Kind.CONTAINER) {
                c = new ArrayList<>(c);
                c.set(ContainerColumn.NAME.ordinal(), treeName(t, line, c.get(ContainerColumn.NAME.ordinal())));
                if (line.kind() == TableState.Line.Kind.GROUP) {
                    c.set(ContainerColumn.ID.ordinal(), "");
                }
            }
            out.add(c);
        }
        return out;
    }

    static String treeName(TableState t, TableState.Line line) {
        return treeName(t, line, ContainerColumn.NAME.cell(line.row(), t.time()));
    }

    private static String treeName(TableState t, TableState.Line line, String name) {
        return switch (line.kind()) {
            case CONTAINER -> name;
            case GROUP -> (t.isCollapsed(line.group().key()) ? "▸ " : "▾ ") + name + " ("
                    + (t.grouping() == Grouping.POD ? line.group().key().label() + ", " : "") + line.shown().size()
                    + (line.shown().size() == line.group().members().size() ? ""
                    : " of " + line.group().members().size()) + ")";
            case MEMBER -> (line.last() ? " └ " : " ├ ")
                    + Format.text(line.group().memberName(line.row().container()));
        };
    }

    private static String emptyText(Model m) {
        if (m.header() == null) {
            return " reading…";
        }
        if (!m.table().filter().isEmpty()) {
            return " nothing matches the filter '" + m.table().filter() + "' (Esc clears it)";
        }
        return " no containers" + (m.all() ? "" : " running (a shows exited ones)")
                + (m.bound().test(Action.START) ? "; " + m.keymap().describe(Action.START) + " starts one" : "");
    }

    /** Near-limit figures in the warning and critical styles; FLAGS as badges. */
    static List<SemanticKey> cellStyles(Snapshot.Row r) {
        Sample s = r.sample();
        List<SemanticKey> out = new ArrayList<>();
        for (ContainerColumn c : ContainerColumn.values()) {
            out.add(switch (c) {
                case CPU -> level(s == null || s.cpuLimit() == null || s.cpuPercent() == null ? null
                        : s.cpuPercent() / s.cpuLimit());
                case MEM, MEM_PERCENT -> level(s == null ? null : s.memoryPercent());
                case PIDS -> level(Flag.pidsPercent(s));
                case STATE -> r.container().oomKilled() ? SemanticKey.VALUE_CRITICAL : null;
                case FLAGS -> {
                    List<Flag> f = Flag.of(s);
                    yield f.isEmpty() ? null : f.stream().anyMatch(Flag::danger) ? SemanticKey.BADGE_DANGER
                            : SemanticKey.BADGE;
                }
                default -> null;
            });
        }
        return out;
    }

    /** Warning from 75% of a limit, critical from 90% (see {@link Flag#NEAR_LIMIT_PERCENT}). */
    static SemanticKey level(Double percentOfLimit) {
        if (percentOfLimit == null) {
            return null;
        }
        if (percentOfLimit >= Flag.NEAR_LIMIT_PERCENT) {
            return SemanticKey.VALUE_CRITICAL;
        }
        return percentOfLimit >= Meter.WARN ? SemanticKey.VALUE_WARN : null;
    }

    private static void statusLine(TextGraphics g, int w, int y, Theme theme, Model m) {
        String text;
        SemanticKey style = SemanticKey.STATUS;
        if (m.filterEdit() != null) {
            text = " Filter: " + m.filterEdit() + "█   Enter keeps it, Esc clears it";
        } else if (m.status() != null) {
            text = " " + m.status();
            style = m.error() ? SemanticKey.STATUS_ERROR : SemanticKey.STATUS;
        } else {
            text = hints(m.keymap(), m.bound(), w);
        }
        Cells.put(g, 0, y, List.of(new Span(Columns.fit(text, w, false), style)), theme);
    }

    /** The hints of the keys bound now that fit in a width, most useful first, each whole or not at all. */
    static String hints(Keymap k, Predicate<Action> bound, int width) {
        Map<Action, String> shown = new LinkedHashMap<>();
        shown.put(Action.HELP, "Help");
        shown.put(Action.FILTER, "Filter");
        shown.put(Action.DETAIL, "Detail");
        shown.put(Action.EARLIER, "Back");
        shown.put(Action.LATER, "On");
        shown.put(Action.MINUTE_LATER, "Minute");
        shown.put(Action.GO_TO, "Time");
        shown.put(Action.KILL, "Kill");
        shown.put(Action.SHELL, "Shell");
        shown.put(Action.STOP, "Stop");
        shown.put(Action.START, "Start");
        shown.put(Action.LOGS, "Logs");
        shown.put(Action.QUIT, "Quit");
        shown.put(Action.SORT_NEXT, "Sort");
        shown.put(Action.SHOW_ALL, "All");
        shown.put(Action.GROUP, "Group");
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Action, String> e : shown.entrySet()) {
            List<String> keys = k.keys(e.getKey());
            if (keys.isEmpty() || !bound.test(e.getKey())) {
                continue;
            }
            String hint = " " + keys.get(0) + " " + e.getValue() + " ";
            if (b.length() + hint.length() > width) {
                break;
            }
            b.append(hint);
        }
        return b.toString();
    }

    /** Cuts a line of spans to a width and pads it with the last span's style. */
    static List<Span> fitSpans(List<Span> spans, int w) {
        List<Span> out = new ArrayList<>();
        int left = w;
        for (Span s : spans) {
            if (left <= 0) {
                break;
            }
            String t = Cells.fit(s.text(), left);
            out.add(new Span(t, s.style()));
            left -= Cells.width(t);
        }
        if (left > 0) {
            out.add(new Span(" ".repeat(left), SemanticKey.ROW));
        }
        return out;
    }
}
