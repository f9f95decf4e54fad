package io.jtop.linux.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Totals of {@code /proc/<pid>/net/dev}, the interfaces of the process's network namespace,
 * leaving out the loopback device as docker stats and cAdvisor do; and each interface's counters
 * as cAdvisor exports them.
 *
 * @param perInterface each interface but those cAdvisor leaves out (names starting {@code lo},
 *                     {@code veth}, {@code docker}, {@code nerdctl}), in the file's order; null
 *                     when any interface line is garbled (cAdvisor then trusts none of the file)
 */
public record NetDev(long rxBytes, long txBytes, int interfaces, List<Interface> perInterface) {

    /** Names cAdvisor does not export an interface of (the host's ends of bridges, loopback). */
    private static final List<String> LEFT_OUT = List.of("lo", "veth", "docker", "nerdctl");
    /** Counters on an interface line: 8 received, 8 transmitted. */
    private static final int FIELDS = 16;
    /** What separates a line's counters; compiled once, as each sample parses every line of every container's file. */
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    /** One interface's counters: bytes, packets, errors and drops each way. */
    public record Interface(String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                            long txBytes, long txPackets, long txErrors, long txDropped) {
    }

    /** Parses the file; returns null when no interface line could be read. */
    public static NetDev parse(String text) {
        if (text == null) {
            return null;
        }
        long rx = 0;
        long tx = 0;
        int n = 0;
        boolean any = false;
        List<Interface> each = new ArrayList<>();
        boolean garbled = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                garbled |= !line.isBlank() && line.indexOf('|') < 0; // the two header lines have bars
                continue;
            }
            String iface = line.substring(0, colon).trim();
            String[] f = BLANKS.split(line.substring(colon + 1).trim());
            Interface counters = counters(iface, f);
            garbled |= counters == null;
            if (counters != null && !leftOut(iface)) {
                each.add(counters);
            }
            if (f.length < 9) {
                continue;
            }
            try {
                long r = Long.parseLong(f[0]);
                long t = Long.parseLong(f[8]);
                any = true;
                if (iface.equals("lo")) {
                    continue;
                }
                rx += r;
                tx += t;
                n++;
            } catch (NumberFormatException e) {
                // header lines and garbage
            }
        }
        return any ? new NetDev(rx, tx, n, garbled ? null : List.copyOf(each)) : null;
    }

    /** The counters of one interface line, or null unless it has exactly its 16 counts. */
    private static Interface counters(String name, String[] f) {
        if (name.isEmpty() || f.length != FIELDS) {
            return null;
        }
        long[] v = new long[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            if (!digits(f[i])) {
                return null;
            }
            try {
                v[i] = Long.parseLong(f[i]);
            } catch (NumberFormatException e) {
                return null; // past a long
            }
        }
        return new Interface(name, v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]);
    }

    /** Whether {@code s} is one or more ASCII digits. */
    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean leftOut(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String prefix : LEFT_OUT) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
