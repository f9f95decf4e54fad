package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.widget.SteadyWidths;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the main table shows: the latest rows, filtered and sorted, and which one is selected.
 * Once the user has moved the selection it is a container, not a line: when rows move (a new
 * sort order, CPU figures changing the ranking, containers coming and going) it stays on its
 * container; when its container goes away it stays at the same height. Until then it is the top
 * row, whichever container that is. Confined to the UI thread.
 */
public final class TableState {

    private List<Snapshot.Row> rows = List.of();
    private List<Snapshot.Row> visible = List.of();
    private String filter = "";
    private Pattern pattern;
    private ContainerColumn sort = ContainerColumn.CPU;
    private boolean descending = true;
    private String selectedId;
    private int selected;
    private int top;
    /** When the rows were measured; null when not known. */
    private Instant time;
    private final SteadyWidths widths = new SteadyWidths();
    private final RowCells cells = new RowCells();

    /** Takes a new tick's rows, measured at {@code time}. */
    public void update(List<Snapshot.Row> newRows, Instant time) {
        this.time = time;
        update(newRows);
    }

    /** Takes a new tick's rows. */
    public void update(List<Snapshot.Row> newRows) {
        if (sameRows(newRows)) {
            return; // every row the same object as at the last tick (idle containers): same order
        }
        rows = List.copyOf(newRows);
        recompute();
    }

    private boolean sameRows(List<Snapshot.Row> newRows) {
        if (newRows.size() != rows.size()) {
            return false;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (newRows.get(i) != rows.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** When the rows were measured (the age of exited containers counts to it); null when not known. */
    public Instant time() {
        return time;
    }

    /** The column widths the table keeps from frame to frame. */
    public SteadyWidths widths() {
        return widths;
    }

    /** The text of the rows on screen, kept from frame to frame. */
    RowCells cells() {
        return cells;
    }

    public List<Snapshot.Row> rows() {
        return rows;
    }

    /** The rows shown, in order. */
    public List<Snapshot.Row> visible() {
        return visible;
    }

    public Snapshot.Row selected() {
        return visible.isEmpty() ? null : visible.get(selected);
    }

    public int selectedIndex() {
        return selected;
    }

    public String filter() {
        return filter;
    }

    /**
     * Filters on name, id, image and runtime: a regular expression when the text is one (case
     * insensitive), else a plain substring. Empty shows everything.
     */
    public void filter(String text) {
        filter = text == null ? "" : text;
        pattern = null;
        if (!filter.isEmpty()) {
            try {
                pattern = Pattern.compile(filter, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (PatternSyntaxException e) {
                pattern = null; // e.g. "c++" or "[": match it as typed
            }
        }
        recompute();
    }

    public ContainerColumn sort() {
        return sort;
    }

    public boolean descending() {
        return descending;
    }

    /** Sorts by a column in its natural first direction (figures biggest first, text A–Z). */
    public void sortBy(ContainerColumn c) {
        sort = c;
        descending = c.descendingFirst();
        recompute();
    }

    /** Moves the sort to the next ({@code +1}) or previous ({@code -1}) column, wrapping round. */
    public void sortStep(int step) {
        ContainerColumn[] all = ContainerColumn.values();
        sortBy(all[Math.floorMod(sort.ordinal() + step, all.length)]);
    }

    public void reverse() {
        descending = !descending;
        recompute();
    }

    /** Moves the selection by {@code delta} rows, stopping at the ends. */
    public void move(int delta) {
        select(selected + delta);
    }

    public void home() {
        select(0);
    }

    public void end() {
        select(visible.size() - 1);
    }

    /** Selects the container with this id if it is shown. */
    public void select(String id) {
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).container().id().equals(id)) {
                select(i);
                return;
            }
        }
    }

    /**
     * The first row to draw in a viewport of {@code height} rows so that the selection shows,
     * scrolling as little as possible from where it was.
     */
    public int top(int height) {
        if (height <= 0 || visible.isEmpty()) {
            top = 0;
            return 0;
        }
        if (selected < top) {
            top = selected;
        } else if (selected >= top + height) {
            top = selected - height + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, visible.size() - height)));
        return top;
    }

    private void select(int index) {
        if (visible.isEmpty()) {
            selected = 0;
            return;
        }
        selected = Math.max(0, Math.min(index, visible.size() - 1));
        selectedId = visible.get(selected).container().id();
    }

    private void recompute() {
        List<Snapshot.Row> out = new ArrayList<>();
        for (Snapshot.Row r : rows) {
            if (matches(r.container())) {
                out.add(r);
            }
        }
        out.sort(sort.order(descending));
        visible = List.copyOf(out);
        int at = -1;
        if (selectedId != null) {
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).container().id().equals(selectedId)) {
                    at = i;
                    break;
                }
            }
        }
        if (at >= 0) {
            selected = at;
        } else {
            // Nothing chosen yet (the top row, whichever it is, as in htop), or its container went
            // away or was filtered out: stay at the same height.
            selected = Math.max(0, Math.min(selected, visible.size() - 1));
        }
    }

    private boolean matches(Container c) {
        if (filter.isEmpty()) {
            return true;
        }
        for (String field : new String[] {c.name(), c.id(), c.image(), c.runtime().label()}) {
            if (field == null) {
                continue;
            }
            if (pattern != null ? pattern.matcher(field).find()
                    : field.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
