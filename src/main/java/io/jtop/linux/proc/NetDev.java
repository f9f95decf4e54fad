package io.jtop.linux.proc;

/**
 * Totals of {@code /proc/<pid>/net/dev}, the interfaces of the process's network namespace,
 * leaving out the loopback device as docker stats and cAdvisor do.
 */
public record NetDev(long rxBytes, long txBytes, int interfaces) {

    /** Parses the file; returns null when no interface line could be read. */
    public static NetDev parse(String text) {
        if (text == null) {
            return null;
        }
        long rx = 0;
        long tx = 0;
        int n = 0;
        boolean any = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String iface = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
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
        return any ? new NetDev(rx, tx, n) : null;
    }
}
