package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Sample;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.widget.Column;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The columns of the main table: header, cell text, sort order and how the layout treats each:
 * the width it keeps when space is short and the widest it grows to with its content (see
 * {@link io.jtop.ui.widget.Columns}), its priority (lower is dropped first on a narrow terminal),
 * and whether long text is shortened in the middle (names and images, whose both ends matter).
 * A figure's minimum is as wide as its figures get, so that a figure is never cut: it is shown
 * whole or not at all. The name keeps up to 30 columns before any less important column is
 * placed, and takes what is left after them, up to its widest name.
 */
public enum ContainerColumn {
    ID("ID", 12, 12, 3, false, false, false),
    NAME("NAME", 30, 96, 10, false, true, true),
    IMAGE("IMAGE", 12, 32, 2, false, false, true),
    RUNTIME("RUNTIME", 10, 10, 4, false, false, false),
    STATE("STATE", 12, 36, 8, false, false, false),
    PID("PID", 7, 7, 7, true, false, false),
    CPU("CPU%", 6, 7, 9, true, false, false),
    MEM("MEM", 15, 15, 9, true, false, false),
    MEM_PERCENT("MEM%", 5, 6, 2, true, false, false),
    PIDS("PIDS", 9, 11, 7, true, false, false),
    NET("NET/s rx/tx", 13, 13, 1, true, false, false),
    IO("IO/s r/w", 13, 13, 0, true, false, false),
    FLAGS("FLAGS", 5, 24, 6, false, false, false);

    private final String header;
    private final int minWidth;
    private final int maxWidth;
    private final int priority;
    private final boolean right;
    private final boolean fill;
    private final boolean middle;

    private static final Comparator<Double> NATURAL = Comparator.naturalOrder();

    ContainerColumn(String header, int minWidth, int maxWidth, int priority, boolean right, boolean fill,
                    boolean middle) {
        this.header = header;
        this.minWidth = minWidth;
        this.maxWidth = maxWidth;
        this.priority = priority;
        this.right = right;
        this.fill = fill;
        this.middle = middle;
    }

    public String header() {
        return header;
    }

    public int priority() {
        return priority;
    }

    public boolean rightAligned() {
        return right;
    }

    /** The layout's view of this column; the header carries the sort mark when sorted by it. */
    public Column spec(String mark) {
        return new Column(mark == null ? header : header + mark, minWidth, maxWidth, priority, right, fill, middle);
    }

    // The cells, keys and order are switches rather than a lambda per column: the first frame
    // draws every column, and each lambda links its call site at its first use.

    /** The cell's text; {@code now} (null when unknown) tells how long ago an exited container exited. */
    public String cell(Snapshot.Row r, Instant now) {
        Container c = r.container();
        Sample s = r.sample();
        return switch (this) {
            case ID -> c.shortId();
            case NAME -> Format.text(c.name());
            case IMAGE -> Format.text(c.image());
            case RUNTIME -> c.runtime().label();
            case STATE -> state(c, now);
            case PID -> c.pid() > 0 ? Integer.toString(c.pid()) : Format.NONE;
            case CPU -> Format.percent(s == null ? null : s.cpuPercent());
            case MEM -> s == null ? Format.NONE
                    : usedOfLimit(Format.bytes(s.memoryWorkingSetBytes()), s.memoryLimitBytes() == null ? null
                            : Format.bytes(s.memoryLimitBytes()));
            case MEM_PERCENT -> Format.percent(s == null ? null : s.memoryPercent());
            case PIDS -> s == null ? Format.NONE
                    : usedOfLimit(Format.count(s.pidsCurrent()), s.pidsLimit() == null ? null
                            : Format.count(s.pidsLimit()));
            case NET -> s == null ? Format.NONE
                    : Format.pair(Format.compactRate(s.netRxBytesPerSecond()), Format.compactRate(s.netTxBytesPerSecond()));
            case IO -> s == null ? Format.NONE
                    : Format.pair(Format.compactRate(s.ioReadBytesPerSecond()), Format.compactRate(s.ioWriteBytesPerSecond()));
            case FLAGS -> badges(s);
        };
    }

    /** The key a text column sorts by. */
    private String text(Snapshot.Row r) {
        Container c = r.container();
        return switch (this) {
            case ID -> c.id();
            case NAME -> c.name() == null ? c.id() : c.name();
            case IMAGE -> c.image();
            case RUNTIME -> c.runtime().label();
            case STATE -> state(c);
            default -> throw new IllegalStateException(this + " sorts by number");
        };
    }

    /** The key a figure's column sorts by; null when unknown. */
    private Double number(Snapshot.Row r) {
        Sample s = r.sample();
        return switch (this) {
            case PID -> r.container().pid() > 0 ? (double) r.container().pid() : null;
            case CPU -> s == null ? null : s.cpuPercent();
            case MEM -> s == null || s.memoryWorkingSetBytes() == null ? null : (double) s.memoryWorkingSetBytes();
            case MEM_PERCENT -> s == null ? null : s.memoryPercent();
            case PIDS -> s == null || s.pidsCurrent() == null ? null : (double) s.pidsCurrent();
            case NET -> s == null ? null : sum(s.netRxBytesPerSecond(), s.netTxBytesPerSecond());
            case IO -> s == null ? null : sum(s.ioReadBytesPerSecond(), s.ioWriteBytesPerSecond());
            case FLAGS -> (double) Flag.of(s).size();
            default -> throw new IllegalStateException(this + " sorts by text");
        };
    }

    private boolean sortsByText() {
        return this == ID || this == NAME || this == IMAGE || this == RUNTIME || this == STATE;
    }

    /**
     * This column's order, ascending or descending; unknown values sort last either way round,
     * and rows that tie keep one order, by container id.
     */
    public Comparator<Snapshot.Row> order(boolean descending) {
        return new Order(this, descending);
    }

    private record Order(ContainerColumn column, boolean descending) implements Comparator<Snapshot.Row> {
        @Override
        public int compare(Snapshot.Row a, Snapshot.Row b) {
            int by = column.sortsByText() ? nullsLast(column.text(a), column.text(b), String.CASE_INSENSITIVE_ORDER)
                    : nullsLast(column.number(a), column.number(b), NATURAL);
            return by != 0 ? by : a.container().id().compareTo(b.container().id());
        }

        private <T> int nullsLast(T x, T y, Comparator<? super T> order) {
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return descending ? order.compare(y, x) : order.compare(x, y);
        }
    }

    /** Whether a fresh sort by this column starts with the biggest values (figures) or A–Z (text). */
    public boolean descendingFirst() {
        return right && this != PID;
    }

    public static List<ContainerColumn> all() {
        return List.of(values());
    }

    /** The state as tables show it: {@code running}, {@code exited (137)}, {@code unknown (corrupt record: truncated)}. */
    public static String state(Container c) {
        if (c.stateReason() != null) {
            return c.state().label() + " (" + c.stateReason() + ")";
        }
        return c.exitCode() != null ? c.state().label() + " (" + c.exitCode() + ")" : c.state().label();
    }

    /**
     * The state with how long ago the container exited, in Docker's words ({@link Format#humanDuration}):
     * {@code exited (137) 5 minutes ago}; as {@link #state(Container)} where the runtime tells no exit
     * time or {@code now} is unknown.
     */
    public static String state(Container c, Instant now) {
        String state = state(c);
        if (c.state() != ContainerState.EXITED || c.stateReason() != null || c.finishedAt() == null || now == null) {
            return state;
        }
        String words = Format.humanDuration(Duration.between(c.finishedAt(), now));
        return state + " " + Character.toLowerCase(words.charAt(0)) + words.substring(1) + " ago";
    }

    /** {@code used/limit}, or {@code used} alone when unlimited. */
    private static String usedOfLimit(String used, String limit) {
        return limit == null ? used : Format.pair(used, limit);
    }

    private static String badges(Sample s) {
        StringBuilder b = new StringBuilder();
        for (Flag f : Flag.of(s)) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(f.badge());
        }
        return b.toString();
    }

    private static Double sum(Double a, Double b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }
}
