package io.jtop.linux.proc;

import java.util.List;

/** The main routing table of a network namespace: {@code /proc/<pid>/net/route} and {@code ipv6_route}. */
public final class NetRoutes {

    /** Routes kept from one file at most. */
    public static final int MAX_ROUTES = 1024;

    private static final int RTF_UP = 0x1;
    private static final int RTF_GATEWAY = 0x2;
    private static final int RTF_REJECT = 0x200;
    /** The local table's entries (the namespace's own addresses), which ipv6_route lists beside the main table's. */
    private static final long RTF_LOCAL = 0x80000000L;

    /**
     * One route: {@code destination} as {@code address/prefix}, {@code gateway} null when the
     * destination is on the link; {@code mask} the IPv4 netmask as a word in network order (-1 for IPv6).
     */
    public record Route(String destination, String gateway, String iface, int metric, long network, long mask) {

        public boolean isDefault() {
            return destination.equals("0.0.0.0/0") || destination.equals("::/0");
        }
    }

    private NetRoutes() {
    }

    /** Parses {@code net/route}: Iface Destination Gateway Flags RefCnt Use Metric Mask …, words in host order. */
    public static List<Route> ipv4(String text) {
        return NetText.rows(text, MAX_ROUTES, NetRoutes::ipv4Line);
    }

    private static Route ipv4Line(String line) {
        String[] f = NetText.fields(line);
        if (f.length < 8 || f[0].equals("Iface")) {
            return null;
        }
        long dest = NetText.word(f[1]);
        long mask = NetText.word(f[7]);
        int flags = NetText.hex(f[3]);
        int metric;
        try {
            metric = Integer.parseInt(f[6]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (dest < 0 || mask < 0 || flags < 0 || (flags & RTF_UP) == 0) {
            return null;
        }
        String gw = (flags & RTF_GATEWAY) != 0 ? NetText.ipv4(f[2]) : null;
        return new Route(NetText.ipv4(f[1]) + "/" + Long.bitCount(mask), gw, f[0], metric,
                Long.reverseBytes(dest) >>> 32, Long.reverseBytes(mask) >>> 32);
    }

    /**
     * Parses {@code net/ipv6_route}: destination, its prefix, source, its prefix, next hop, metric,
     * refcount, use, flags, device. The local table's entries, unreachable ones and multicast
     * ({@code ff00::/8}, which {@code ip -6 route} does not show either) are left out.
     */
    public static List<Route> ipv6(String text) {
        return NetText.rows(text, MAX_ROUTES, NetRoutes::ipv6Line);
    }

    private static Route ipv6Line(String line) {
        String[] f = NetText.fields(line);
        if (f.length < 10) {
            return null;
        }
        String dest = NetText.ipv6(f[0]);
        int prefix = NetText.hex(f[1]);
        String hop = NetText.ipv6(f[4]);
        int metric = NetText.hex(f[5]);
        long flags = NetText.word(f[8]);
        if (dest == null || prefix < 0 || prefix > 128 || hop == null || flags < 0 || (flags & RTF_UP) == 0
                || (flags & (RTF_REJECT | RTF_LOCAL)) != 0 || dest.startsWith("ff")) {
            return null;
        }
        return new Route(dest + "/" + prefix, (flags & RTF_GATEWAY) != 0 ? hop : null, f[9], metric, -1, -1);
    }
}
