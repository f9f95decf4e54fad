package io.jtop.ui;

import io.jtop.metrics.Mounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The detail view's Mounts pane: the container's mounts, host sources, ownership and write hints. */
final class MountsPane {

    private MountsPane() {
    }

    /**
     * One line per mount ({@code !} before one whose hint says writes will fail), the hint on the
     * line below. The text view cleans each line as it comes in (Cells.clean escapes control
     * characters) but splits it at line breaks first, so a line break in a name from the container
     * is shown as {@code ␤} here ({@code inspect} prints it escaped exactly).
     */
    static List<String> lines(Mounts mounts) {
        List<String> out = new ArrayList<>();
        if (mounts == null) {
            out.add("(no process to read mounts from, or reading…)");
            return out;
        }
        out.add("Runs as " + (mounts.user() == null ? Format.NONE : mounts.user().text()));
        out.add(String.format(Locale.ROOT, "  %-24s %-3s %-8s %-14s %-13s %s", "DESTINATION", "RO", "TYPE",
                "OWNER", "PROPAGATION", "SOURCE"));
        for (Mounts.Mount m : mounts.mounts()) {
            out.add(String.format(Locale.ROOT, "%s %s %-3s %s %-14s %-13s %s", m.hint() == null ? " " : "!",
                    PaneText.cell(m.destination(), 24), m.readOnly() ? "ro" : "rw", PaneText.cell(m.fsType(), 8),
                    m.bind() ? Format.text(m.ownerText()) : "", m.propagation(), PaneText.oneLine(m.hostSource())));
            if (m.hint() != null) {
                out.add("    " + PaneText.oneLine(m.hint()));
            }
        }
        if (mounts.omitted() > 0) {
            out.add("… and " + mounts.omitted() + " more mounts not listed");
        }
        return out;
    }
}
