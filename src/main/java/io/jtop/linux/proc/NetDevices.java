package io.jtop.linux.proc;

import java.util.List;

/** Each interface's counters of {@code /proc/<pid>/net/dev} ({@link NetDev} has their totals). */
public final class NetDevices {

    /** Interfaces kept at most. */
    public static final int MAX_INTERFACES = 1024;

    public record Device(String name, long rxBytes, long rxPackets, long txBytes, long txPackets) {
    }

    private NetDevices() {
    }

    public static List<Device> parse(String text) {
        return NetText.rows(text, MAX_INTERFACES, NetDevices::line);
    }

    private static Device line(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String[] f = NetText.fields(line.substring(colon + 1));
        if (f.length < 10) {
            return null;
        }
        try {
            return new Device(line.substring(0, colon).trim(), Long.parseLong(f[0]), Long.parseLong(f[1]),
                    Long.parseLong(f[8]), Long.parseLong(f[9]));
        } catch (NumberFormatException e) {
            return null; // the header lines, and anything else that is not an interface's counters
        }
    }
}
