package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of the main table: header, cell text, sort order and how the layout treats each
 * (lower {@code priority} is dropped first on a narrow terminal; flexible ones take spare width).
 */
public enum ContainerColumn {
    ID("ID", 12, 12, 3, false, false, r -> r.container().shortId(), text(r -> r.container().id())),
    NAME("NAME", 8, 16, 10, false, true, r -> Format.text(r.container().name()),
            text(r -> r.container().name() == null ? r.container().id() : r.container().name())),
    IMAGE("IMAGE", 8, 16, 2, false, true, r -> Format.text(r.container().image()), text(r -> r.container().image())),
    RUNTIME("RUNTIME", 7, 10, 4, false, false, r -> r.container().runtime().label(),
            text(r -> r.container().runtime().label())),
    STATE("STATE", 12, 12, 8, false, false, ContainerColumn::state, text(ContainerColumn::state)),
    PID("PID", 7, 7, 7, true, false, r -> r.container().pid() > 0 ? Integer.toString(r.container().pid()) : Format.NONE,
            number(r -> r.container().pid() > 0 ? (double) r.container().pid() : null)),
    CPU("CPU%", 6, 6, 9, true, false, r -> Format.percent(s(r) == null ? null : s(r).cpuPercent()),
            number(r -> s(r) == null ? null : s(r).cpuPercent())),
    MEM("MEM", 15, 15, 9, true, false, ContainerColumn::memory,
            number(r -> s(r) == null || s(r).memoryWorkingSetBytes() == null ? null
                    : (double) s(r).memoryWorkingSetBytes())),
    MEM_PERCENT("MEM%", 5, 5, 2, true, false, r -> Format.percent(s(r) == null ? null : s(r).memoryPercent()),
            number(r -> s(r) == null ? null : s(r).memoryPercent())),
    PIDS("PIDS", 9, 9, 7, true, false, ContainerColumn::pids,
            number(r -> s(r) == null || s(r).pidsCurrent() == null ? null : (double) s(r).pidsCurrent())),
    NET("NET/s rx/tx", 11, 13, 1, true, false,
            r -> s(r) == null ? Format.NONE : Format.pair(Format.compactRate(s(r).netRxBytesPerSecond()), Format.compactRate(s(r).netTxBytesPerSecond())),
            number(r -> s(r) == null ? null : sum(s(r).netRxBytesPerSecond(), s(r).netTxBytesPerSecond()))),
    IO("IO/s r/w", 11, 13, 0, true, false,
            r -> s(r) == null ? Format.NONE : Format.pair(Format.compactRate(s(r).ioReadBytesPerSecond()), Format.compactRate(s(r).ioWriteBytesPerSecond())),
            number(r -> s(r) == null ? null : sum(s(r).ioReadBytesPerSecond(), s(r).ioWriteBytesPerSecond()))),
    FLAGS("FLAGS", 5, 14, 6, false, true, r -> Flag.of(s(r)).stream().map(Flag::badge).collect(Collectors.joining(" ")),
            number(r -> (double) Flag.of(s(r)).size()));

    private final String header;
    private final int minWidth;
    private final int width;
    private final int priority;
    private final boolean right;
    private final boolean flexible;
    private final Function<Snapshot.Row, String> cell;
    private final Comparator<Snapshot.Row> order;

    ContainerColumn(String header, int minWidth, int width, int priority, boolean right, boolean flexible,
           Function<Snapshot.Row, String> cell, Comparator<Snapshot.Row> order) {
        this.header = header;
        this.minWidth = minWidth;
        this.width = width;
        this.priority = priority;
        this.right = right;
        this.flexible = flexible;
        this.cell = cell;
        this.order = order;
    }

    public String header() {
        return header;
    }

    public int minWidth() {
        return minWidth;
    }

    public int width() {
        return width;
    }

    public int priority() {
        return priority;
    }

    public boolean rightAligned() {
        return right;
    }

    public boolean flexible() {
        return flexible;
    }

    /** The layout's view of this column; the header carries the sort mark when sorted by it. */
    public io.jtop.ui.widget.Column spec(String mark) {
        return new io.jtop.ui.widget.Column(mark == null ? header : header + mark, minWidth, width, priority, right,
                flexible);
    }

    public String cell(Snapshot.Row r) {
        return cell.apply(r);
    }

    /** This column's order, ascending or descending; unknown values sort last either way round. */
    public Comparator<Snapshot.Row> order(boolean descending) {
        return descending ? order.reversed() : order;
    }

    /** Whether a fresh sort by this column starts with the biggest values (figures) or A–Z (text). */
    public boolean descendingFirst() {
        return right && this != PID;
    }

    public static List<ContainerColumn> all() {
        return List.of(values());
    }

    static String state(Snapshot.Row r) {
        return state(r.container());
    }

    /** The state as tables show it: {@code running}, {@code exited (137)}. */
    public static String state(Container c) {
        return c.exitCode() != null ? c.state().label() + " (" + c.exitCode() + ")" : c.state().label();
    }

    private static String memory(Snapshot.Row r) {
        return usedOfLimit(s(r), Sample::memoryWorkingSetBytes, Sample::memoryLimitBytes, Format::bytes);
    }

    private static String pids(Snapshot.Row r) {
        return usedOfLimit(s(r), Sample::pidsCurrent, Sample::pidsLimit, Format::count);
    }

    /** {@code used/limit}, or {@code used} alone when unlimited. */
    private static String usedOfLimit(Sample s, Function<Sample, Long> used, Function<Sample, Long> limit,
                                      Function<Long, String> format) {
        if (s == null) {
            return Format.NONE;
        }
        Long max = limit.apply(s);
        String u = format.apply(used.apply(s));
        return max == null ? u : Format.pair(u, format.apply(max));
    }

    private static Sample s(Snapshot.Row r) {
        return r.sample();
    }

    private static Double sum(Double a, Double b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }

    private static Comparator<Snapshot.Row> text(Function<Snapshot.Row, String> key) {
        return new NullsLast<>(key, String.CASE_INSENSITIVE_ORDER, false);
    }

    private static Comparator<Snapshot.Row> number(Function<Snapshot.Row, Double> key) {
        return new NullsLast<>(key, Comparator.naturalOrder(), false);
    }

    /** Compares by a key with unknown (null) keys last, also when reversed. */
    private record NullsLast<T>(Function<Snapshot.Row, T> key, Comparator<? super T> by, boolean reverse)
            implements Comparator<Snapshot.Row> {
        @Override
        public int compare(Snapshot.Row a, Snapshot.Row b) {
            T x = key.apply(a);
            T y = key.apply(b);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return reverse ? by.compare(y, x) : by.compare(x, y);
        }

        @Override
        public Comparator<Snapshot.Row> reversed() {
            return new NullsLast<>(key, by, !reverse);
        }
    }
}
