package io.jtop.ui;

import io.jtop.container.ContainerState;
import io.jtop.metrics.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of the table's rows on screen, kept from one frame to the next. The rows on screen size
 * the columns, so every frame needs their text before it lays out; a row that is the same object
 * as at the last frame (a container that ran nothing) keeps the text it had, except an exited
 * one, whose age moves on. Confined to the UI thread.
 */
final class RowCells {

    private Map<Snapshot.Row, List<String>> last = new IdentityHashMap<>();

    /** The cells of these rows, by column; {@code now} (null when unknown) for the age of exited ones. */
    List<List<String>> of(List<Snapshot.Row> rows, Instant now) {
        Map<Snapshot.Row, List<String>> next = new IdentityHashMap<>();
        List<List<String>> out = new ArrayList<>(rows.size());
        for (Snapshot.Row r : rows) {
            List<String> cells = r.container().state() == ContainerState.EXITED ? null : last.get(r);
            if (cells == null) {
                cells = new ArrayList<>();
                for (ContainerColumn c : ContainerColumn.values()) {
                    cells.add(c.cell(r, now));
                }
            }
            next.put(r, cells);
            out.add(cells);
        }
        last = next;
        return out;
    }
}
