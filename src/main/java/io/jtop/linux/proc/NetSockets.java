package io.jtop.linux.proc;

import java.util.List;

/**
 * The listening sockets of {@code /proc/<pid>/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}:
 * TCP sockets in state LISTEN ({@code 0A}) and UDP sockets bound but not connected (state
 * {@code 07} with no remote port), which is how a UDP server waits.
 */
public final class NetSockets {

    /** Sockets kept from one file at most: the pane names listeners, a flood is cut. */
    public static final int MAX_SOCKETS = 4096;

    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    /** One listener: {@code proto} tcp, tcp6, udp or udp6; {@code inode} the socket's inode. */
    public record Listener(String proto, String address, int port, long inode) {
    }

    private NetSockets() {
    }

    /** The listeners of one file; {@code proto} names the file. Lines that do not parse are left out. */
    public static List<Listener> listeners(String text, String proto) {
        return NetText.rows(text, MAX_SOCKETS, line -> listener(line, proto));
    }

    /** One line: sl, local address:port, remote address:port, state, queues, timers, uid, timeout, inode. */
    private static Listener listener(String line, String proto) {
        String[] f = NetText.fields(line);
        if (f.length < 10 || !f[0].endsWith(":")) {
            return null;
        }
        boolean v6 = proto.endsWith("6");
        int remotePort = port(f[2]);
        if (proto.startsWith("tcp") ? !f[3].equals(TCP_LISTEN) : !(f[3].equals(UDP_UNCONNECTED) && remotePort == 0)) {
            return null;
        }
        int colon = f[1].indexOf(':');
        if (colon < 0) {
            return null;
        }
        String addr = v6 ? NetText.ipv6Words(f[1].substring(0, colon)) : NetText.ipv4(f[1].substring(0, colon));
        int port = port(f[1]);
        long inode;
        try {
            inode = Long.parseLong(f[9]);
        } catch (NumberFormatException e) {
            return null;
        }
        return addr == null || port < 0 || inode < 0 ? null : new Listener(proto, addr, port, inode);
    }

    private static int port(String addressAndPort) {
        int colon = addressAndPort.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        String p = addressAndPort.substring(colon + 1);
        return p.length() == 4 ? NetText.hex(p) : -1;
    }

    /** The inode of a descriptor's link {@code socket:[12345]}, or -1 when it is not a socket. */
    public static long socketInode(String link) {
        if (link == null || !link.startsWith("socket:[") || !link.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(link.substring(8, link.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
