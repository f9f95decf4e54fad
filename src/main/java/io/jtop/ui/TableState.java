package io.jtop.ui;

import io.jtop.container.Container;
import io.jtop.container.Sample;
import io.jtop.metrics.Group;
import io.jtop.metrics.Grouping;
import io.jtop.metrics.Groups;
import io.jtop.metrics.Snapshot;
import io.jtop.ui.widget.SteadyWidths;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the main table shows: the latest rows, grouped, filtered and sorted, and which line is
 * selected. Once the user has moved the selection it is a container (or a group), not a line:
 * when rows move (a new sort order, CPU figures changing the ranking, containers coming and
 * going) it stays on its container; when its container goes away it stays at the same height;
 * when its group is collapsed it goes to the group's line. Until then it is the top line,
 * whichever that is. Confined to the UI thread.
 *
 * <p>Grouped ({@link Grouping}), each group is one line with its figures ({@link Groups}) and its
 * members indented under it, as htop's tree. Groups come expanded, as htop's tree does: turning a
 * grouping on hides no container, and a group that appears later shows its members too; a
 * collapsed group stays so while the grouping is on. A filter shows a group whose name matches
 * with all its members, and any other group with the members that match (none: no group line);
 * the sort orders the groups and ungrouped rows by the group's figures (its own cgroup's, or
 * its members' sums) and the members within each group.
 */
public final class TableState {

    private List<Snapshot.Row> rows = List.of();
    private Map<String, Sample> cgroups = Map.of();
    private List<Snapshot.Row> visible = List.of();
    private List<Line> lines = List.of();
    private String filter = "";
    private Pattern pattern;
    private ContainerColumn sort = ContainerColumn.CPU;
    private boolean descending = true;
    private Grouping grouping = Grouping.NONE;
    private final Set<Grouping.Key> collapsed = new HashSet<>();
    /** The selected line's {@link Line#key}: a container's id, or a group's key. */
    private String selectedKey;
    private int selected;
    private int top;
    /** When the rows were measured; null when not known. */
    private Instant time;
    private final SteadyWidths widths = new SteadyWidths();
    private final RowCells cells = new RowCells();

    /** Takes a new tick's rows, measured at {@code time}. */
    public void update(List<Snapshot.Row> newRows, Instant time) {
        update(newRows, Map.of(), time);
    }

    /** Takes a new tick's rows, the pod cgroups' figures read with them, and the tick's time. */
    public void update(List<Snapshot.Row> newRows, Map<String, Sample> newCgroups, Instant time) {
        this.time = time;
        update(newRows, newCgroups);
    }

    /**
     * One line of the table.
     *
     * @param row    the container's row; for a group's line its row as a container table shows it
     *               ({@link Group#row}), never a container to act on
     * @param group  the group of a group's line or of a member's, else null
     * @param shown  a group line's members that the filter shows (expanded or not), in order
     * @param kind   what the line is
     * @param last   a member line that is its group's last
     */
    public record Line(Snapshot.Row row, Group group, List<Snapshot.Row> shown, Kind kind, boolean last) {

        /** What a line is. */
        public enum Kind { CONTAINER, GROUP, MEMBER }

        /** Whose line this is: the container's id, or the group's key. */
        public String key() {
            return kind == Kind.GROUP ? groupKey(group.key()) : row.container().id();
        }
    }

    /** The key of a group's line: no container id holds a NUL, so it is never one. */
    static String groupKey(Grouping.Key k) {
        return "\0" + k.kind() + "\0" + k.name();
    }

    /** Takes a new tick's rows. */
    public void update(List<Snapshot.Row> newRows) {
        update(newRows, Map.of());
    }

    /** Takes a new tick's rows and the pod cgroups' figures read with them. */
    public void update(List<Snapshot.Row> newRows, Map<String, Sample> newCgroups) {
        if (sameRows(newRows) && cgroups.equals(newCgroups)) {
            return; // every row the same object as at the last tick (idle containers): same order
        }
        rows = List.copyOf(newRows);
        cgroups = Map.copyOf(newCgroups);
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

    /** The containers the filter shows, in order, the members of a collapsed group too. */
    public List<Snapshot.Row> visible() {
        return visible;
    }

    /** The lines shown, in order. */
    public List<Line> lines() {
        return lines;
    }

    /** The selected container's row; null when nothing is, or a group's line is selected. */
    public Snapshot.Row selected() {
        Line l = selectedLine();
        return l == null || l.kind() == Line.Kind.GROUP ? null : l.row();
    }

    /** The selected line, or null when the table is empty. */
    public Line selectedLine() {
        return lines.isEmpty() ? null : lines.get(selected);
    }

    /** The group whose line is selected, or null. */
    public Group selectedGroup() {
        Line l = selectedLine();
        return l == null || l.kind() != Line.Kind.GROUP ? null : l.group();
    }

    /** The members of the selected group's line that the filter shows; empty when no group line is selected. */
    public List<Container> selectedMembers() {
        Line l = selectedLine();
        return l == null || l.kind() != Line.Kind.GROUP ? List.of()
                : l.shown().stream().map(Snapshot.Row::container).toList();
    }

    public int selectedIndex() {
        return selected;
    }

    public Grouping grouping() {
        return grouping;
    }

    /** Groups the table another way; every group comes expanded. */
    public void group(Grouping g) {
        grouping = Objects.requireNonNull(g);
        collapsed.clear();
        recompute();
    }

    /** Whether the group of this key is collapsed. */
    public boolean isCollapsed(Grouping.Key k) {
        return collapsed.contains(k);
    }

    /** Expands the selected group's line; false when the selection is not a collapsed group. */
    public boolean expand() {
        Group g = selectedGroup();
        if (g == null || !collapsed.remove(g.key())) {
            return false;
        }
        recompute();
        return true;
    }

    /**
     * Collapses the selected group, or the group of the selected member (the selection going to
     * the group's line); false when there is none or it is collapsed already.
     */
    public boolean collapse() {
        Line l = selectedLine();
        if (l == null || l.group() == null || !collapsed.add(l.group().key())) {
            return false;
        }
        selectedKey = groupKey(l.group().key());
        recompute();
        return true;
    }

    /** Expands a collapsed group's line, collapses an expanded one; false when no group line is selected. */
    public boolean toggle() {
        Group g = selectedGroup();
        if (g == null) {
            return false;
        }
        return collapsed.contains(g.key()) ? expand() : collapse();
    }

    public String filter() {
        return filter;
    }

    /**
     * Filters on name, id, image and runtime (and a group's name): a regular expression when the
     * text is one (case insensitive), else a plain substring. Empty shows everything.
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

    /** Moves the selection by {@code delta} lines, stopping at the ends. */
    public void move(int delta) {
        select(selected + delta);
    }

    public void home() {
        select(0);
    }

    public void end() {
        select(lines.size() - 1);
    }

    /** Selects the container with this id if it is shown. */
    public void select(String id) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).kind() != Line.Kind.GROUP && lines.get(i).row().container().id().equals(id)) {
                select(i);
                return;
            }
        }
    }

    /**
     * The first line to draw in a viewport of {@code height} lines so that the selection shows,
     * scrolling as little as possible from where it was.
     */
    public int top(int height) {
        if (height <= 0 || lines.isEmpty()) {
            top = 0;
            return 0;
        }
        if (selected < top) {
            top = selected;
        } else if (selected >= top + height) {
            top = selected - height + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, lines.size() - height)));
        return top;
    }

    private void select(int index) {
        if (lines.isEmpty()) {
            selected = 0;
            return;
        }
        selected = Math.max(0, Math.min(index, lines.size() - 1));
        selectedKey = lines.get(selected).key();
    }

    private void recompute() {
        Comparator<Snapshot.Row> order = sort.order(descending);
        List<Line> out = new ArrayList<>();
        List<Snapshot.Row> shownRows = new ArrayList<>();
        // The line of each container's collapsed group, for a selection that was on a member.
        Map<String, String> folded = new HashMap<>();
        if (grouping == Grouping.NONE) {
            List<Snapshot.Row> matching = new ArrayList<>();
            for (Snapshot.Row r : rows) {
                if (matches(r.container())) {
                    matching.add(r);
                }
            }
            matching.sort(order);
            for (Snapshot.Row r : matching) {
                out.add(new Line(r, null, List.of(), Line.Kind.CONTAINER, false));
            }
            shownRows = matching;
        } else {
            List<Line> tops = new ArrayList<>();
            Groups gs = Groups.of(grouping, rows, cgroups);
            for (Group g : gs.groups()) {
                List<Snapshot.Row> shown = new ArrayList<>();
                boolean all = matchesText(g.name());
                for (Snapshot.Row r : g.members()) {
                    if (all || matches(r.container())) {
                        shown.add(r);
                    }
                }
                if (!shown.isEmpty()) { // a group none of whose members the filter shows is not shown
                    shown.sort(order);
                    tops.add(new Line(g.row(), g, List.copyOf(shown), Line.Kind.GROUP, false));
                }
            }
            for (Snapshot.Row r : gs.ungrouped()) {
                if (matches(r.container())) {
                    tops.add(new Line(r, null, List.of(), Line.Kind.CONTAINER, false));
                }
            }
            // Groups and containers of one figure or name keep one order, whatever order discovery gave.
            Comparator<Line> lineOrder = Comparator.comparing(Line::row, order)
                    .thenComparing(l -> l.row().container().displayName());
            tops.sort(lineOrder);
            for (Line t : tops) {
                out.add(t);
                if (t.kind() == Line.Kind.CONTAINER) {
                    shownRows.add(t.row());
                    continue;
                }
                boolean closed = collapsed.contains(t.group().key());
                for (int i = 0; i < t.shown().size(); i++) {
                    Snapshot.Row r = t.shown().get(i);
                    shownRows.add(r);
                    if (closed) {
                        folded.put(r.container().id(), t.key());
                    } else {
                        out.add(new Line(r, t.group(), List.of(), Line.Kind.MEMBER, i == t.shown().size() - 1));
                    }
                }
            }
        }
        visible = List.copyOf(shownRows);
        lines = List.copyOf(out);
        if (selectedKey != null && folded.containsKey(selectedKey)) {
            selectedKey = folded.get(selectedKey);
        }
        int at = -1;
        if (selectedKey != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).key().equals(selectedKey)) {
                    at = i;
                    break;
                }
            }
        }
        if (at >= 0) {
            selected = at;
        } else {
            // Nothing chosen yet (the top line, whichever it is, as in htop), or its container went
            // away or was filtered out: stay at the same height.
            selected = Math.max(0, Math.min(selected, lines.size() - 1));
        }
    }

    private boolean matches(Container c) {
        if (filter.isEmpty()) {
            return true;
        }
        for (String field : new String[] {c.name(), c.id(), c.image(), c.runtime().label()}) {
            if (matchesText(field)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a text matches a filter that is set; false for none. */
    private boolean matchesText(String field) {
        if (filter.isEmpty() || field == null) {
            return false;
        }
        return pattern != null ? pattern.matcher(field).find()
                : field.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT));
    }
}
