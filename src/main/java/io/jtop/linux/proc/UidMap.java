package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/<pid>/uid_map} (user_namespaces(7)): lines of {@code inside outside count}, each a
 * range of ids of the process's user namespace and where they fall in its parent's. A process in
 * the host's user namespace shows the identity line {@code 0 0 4294967295}.
 */
public record UidMap(List<Range> ranges) {

    /** At most this many lines are read: the kernel allows 340; more is not a real map. */
    static final int MAX_RANGES = 340;

    /** Ids {@code inside .. inside+count-1} are {@code outside ..} in the parent namespace. */
    public record Range(long inside, long outside, long count) {
    }

    /** The ranges of a map's text; malformed lines are skipped; null text gives null. */
    public static UidMap parse(String text) {
        if (text == null) {
            return null;
        }
        List<Range> ranges = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (ranges.size() == MAX_RANGES) {
                break;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            try {
                ranges.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                // not a range: skipped
            }
        }
        return new UidMap(List.copyOf(ranges));
    }

    /** The host-side id of an id inside, or -1 when it is not mapped. */
    public long outside(long inside) {
        for (Range r : ranges) {
            if (inside >= r.inside() && inside - r.inside() < r.count()) {
                return r.outside() + (inside - r.inside());
            }
        }
        return -1;
    }

    /** Whether root inside is root of the parent namespace: no user namespace remapping. */
    public boolean rootIsRoot() {
        return outside(0) == 0;
    }
}
