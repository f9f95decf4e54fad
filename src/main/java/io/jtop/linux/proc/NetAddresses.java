package io.jtop.linux.proc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses of a network namespace without netlink (which would mean entering it).
 * IPv6: {@code /proc/<pid>/net/if_inet6} names each address with its interface and prefix, one
 * line each. IPv4 has no such file: the kernel's local routing table, printed in
 * {@code /proc/<pid>/net/fib_trie}, holds every address of the namespace as a {@code /32 host LOCAL}
 * leaf, without its interface, which {@link #interfaceOf} finds from the main table's routes.
 */
public final class NetAddresses {

    /** Addresses kept from one file at most. */
    public static final int MAX_ADDRESSES = 1024;

    /** An IPv6 address of {@code iface}: {@code address/prefix}. */
    public record Inet6(String iface, String address, int prefix) {
    }

    private NetAddresses() {
    }

    /** The IPv4 addresses of the namespace, in the order of the file, each once. */
    public static List<String> ipv4Local(String fibTrie) {
        Set<String> out = new LinkedHashSet<>();
        if (fibTrie == null) {
            return List.of();
        }
        String leaf = null;
        for (String line : fibTrie.split("\n")) {
            if (out.size() >= MAX_ADDRESSES) {
                break;
            }
            String t = line.trim();
            if (t.startsWith("|-- ")) {
                leaf = t.substring(4).trim();
            } else if (t.startsWith("/32 host LOCAL") && leaf != null && isIpv4(leaf)) {
                out.add(leaf);
            } else if (!t.startsWith("/")) {
                leaf = null;
            }
        }
        return List.copyOf(out);
    }

    /** Parses if_inet6: address (32 hex digits), index, prefix length, scope, flags, device name. */
    public static List<Inet6> ipv6(String ifInet6) {
        return NetText.rows(ifInet6, MAX_ADDRESSES, line -> {
            String[] f = NetText.fields(line);
            if (f.length < 6) {
                return null;
            }
            String addr = NetText.ipv6(f[0]);
            int prefix = NetText.hex(f[2]);
            return addr == null || prefix < 0 || prefix > 128 ? null : new Inet6(f[5], addr, prefix);
        });
    }

    /**
     * The interface and prefix of an IPv4 address: the on-link route (no gateway) of the main table
     * with the longest prefix that holds it; 127.0.0.0/8 is the loopback's, which has no main-table
     * route. Null when no route holds it (an address on an interface that is down has none).
     */
    public static Assigned interfaceOf(String address, List<NetRoutes.Route> routes) {
        long a = value(address);
        if (a < 0) {
            return null;
        }
        if (a >>> 24 == 127) {
            return new Assigned("lo", 8);
        }
        NetRoutes.Route best = null;
        for (NetRoutes.Route r : routes) {
            if (r.gateway() == null && r.mask() > 0 && (a & r.mask()) == r.network()
                    && (best == null || Long.bitCount(r.mask()) > Long.bitCount(best.mask()))) {
                best = r;
            }
        }
        return best == null ? null : new Assigned(best.iface(), Long.bitCount(best.mask()));
    }

    /** The interface an address was found on, and the prefix of the route that put it there. */
    public record Assigned(String iface, int prefix) {
    }

    private static boolean isIpv4(String s) {
        return value(s) >= 0;
    }

    /** A dotted quad as an unsigned 32-bit value, or -1. */
    static long value(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String q : p) {
            if (q.isEmpty() || q.length() > 3 || !q.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int n = Integer.parseInt(q);
            if (n > 255) {
                return -1;
            }
            v = v << 8 | n;
        }
        return v;
    }
}
