package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * A user namespace's {@code uid_map} or {@code gid_map} (user_namespaces(7)): lines of
 * {@code inside outside count}. Outside the initial namespace an id without a line has no host id.
 */
public record IdMap(List<Range> ranges) {

    /** The kernel allows at most 340 lines (kernel >= 4.15; 5 before). */
    static final int MAX_LINES = 340;

    /** {@code count} ids from {@code inside} map to the host ids from {@code outside}. */
    public record Range(long inside, long outside, long count) {
    }

    /** The parsed map; null when the text is null (unreadable). Malformed lines are skipped. */
    public static IdMap parse(String text) {
        if (text == null) {
            return null;
        }
        List<Range> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (out.size() == MAX_LINES) {
                break; // more is not a map the kernel wrote
            }
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            try {
                out.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                // not a map line
            }
        }
        return new IdMap(List.copyOf(out));
    }

    /** The host id of {@code inside}, or -1 when the map has no line for it. */
    public long toHost(long inside) {
        for (Range r : ranges) {
            if (inside >= r.inside() && inside - r.inside() < r.count()) {
                return r.outside() + (inside - r.inside());
            }
        }
        return -1;
    }

    /** Whether root inside is root of the parent namespace: no user namespace remapping. */
    public boolean rootIsRoot() {
        return toHost(0) == 0;
    }

    /** Whether this is the initial namespace's identity map (no user namespace of its own). */
    public boolean identity() {
        return ranges.size() == 1 && ranges.get(0).inside() == 0 && ranges.get(0).outside() == 0
                && ranges.get(0).count() == 4294967295L;
    }
}
