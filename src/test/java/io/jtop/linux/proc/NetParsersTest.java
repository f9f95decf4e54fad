package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The parsers of /proc/<pid>/net/*, on the files of this machine's host and of a container, and on hostile text. */
class NetParsersTest {

    /** {@code /proc/1/net/route} of the build host. */
    private static final String ROUTE = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
            cni-podman0\t0000580A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
            eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    /** The start of the host's {@code fib_trie}: the main table, then the local one repeating it. */
    private static final String FIB_TRIE = """
            Main:
              +-- 0.0.0.0/0 3 0 5
                 +-- 0.0.0.0/4 2 0 2
                    |-- 0.0.0.0
                       /0 universe UNICAST
                    +-- 10.88.0.0/16 2 0 2
                       +-- 10.88.0.0/31 1 0 0
                          |-- 10.88.0.0
                             /16 link UNICAST
                          |-- 10.88.0.1
                             /32 host LOCAL
                       |-- 10.88.255.255
                          /32 link BROADCAST
                 +-- 127.0.0.0/8 2 0 2
                    +-- 127.0.0.0/31 1 0 0
                       |-- 127.0.0.0
                          /8 host LOCAL
                       |-- 127.0.0.1
                          /32 host LOCAL
                    |-- 127.255.255.255
                       /32 link BROADCAST
                 +-- 192.0.2.0/24 2 0 2
                    +-- 192.0.2.0/30 2 0 2
                       |-- 192.0.2.0
                          /24 link UNICAST
                       |-- 192.0.2.2
                          /32 host LOCAL
                    |-- 192.0.2.255
                       /32 link BROADCAST
            Local:
              +-- 127.0.0.0/8 2 0 2
                 |-- 127.0.0.1
                    /32 host LOCAL
            """;

    private static final String IF_INET6 = """
            fd000000000000000000000000000002 04 40 00 82     eth0
            fe8000000000000058e7d5fffe0813e8 05 40 20 80 cni-podman0
            00000000000000000000000000000001 01 80 10 80       lo
            """;

    private static final String IPV6_ROUTE = """
            fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0
            00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
            ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
            """;

    /** {@code tcp6} of a busybox {@code nc -l -p 8080} in a container. */
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 14228789 1 000000001d28f2b6 100 0 0 10 0
            """;

    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5001 1 0 100 0 0 10 0
               1: 0100007F:0CEA 0100007F:A2B4 01 00000000:00000000 00:00000000 00000000     0        0 5002 1 0 20 4 30 10 -1
            """;

    private static final String UDP = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              10: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6001 2 0 0
              11: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 6002 2 0 0
            """;

    @Test
    void routesWithTheDefaultGateway() {
        List<NetRoutes.Route> r = NetRoutes.ipv4(ROUTE);
        assertEquals(3, r.size());
        assertEquals("0.0.0.0/0", r.get(0).destination());
        assertEquals("192.0.2.1", r.get(0).gateway());
        assertTrue(r.get(0).isDefault());
        assertEquals("10.88.0.0/16", r.get(1).destination());
        assertNull(r.get(1).gateway());
        assertEquals("192.0.2.0/24", r.get(2).destination());
    }

    @Test
    void ipv4AddressesFromTheLocalTableOnTheirInterfaces() {
        List<String> local = NetAddresses.ipv4Local(FIB_TRIE);
        assertEquals(List.of("10.88.0.1", "127.0.0.1", "192.0.2.2"), local);
        List<NetRoutes.Route> routes = NetRoutes.ipv4(ROUTE);
        assertEquals(new NetAddresses.Assigned("eth0", 24), NetAddresses.interfaceOf("192.0.2.2", routes));
        assertEquals(new NetAddresses.Assigned("cni-podman0", 16), NetAddresses.interfaceOf("10.88.0.1", routes));
        assertEquals(new NetAddresses.Assigned("lo", 8), NetAddresses.interfaceOf("127.0.0.1", routes));
        assertNull(NetAddresses.interfaceOf("203.0.113.9", routes));
    }

    @Test
    void ipv6AddressesShortened() {
        List<NetAddresses.Inet6> a = NetAddresses.ipv6(IF_INET6);
        assertEquals(new NetAddresses.Inet6("eth0", "fd00::2", 64), a.get(0));
        assertEquals(new NetAddresses.Inet6("cni-podman0", "fe80::58e7:d5ff:fe08:13e8", 64), a.get(1));
        assertEquals(new NetAddresses.Inet6("lo", "::1", 128), a.get(2));
    }

    @Test
    void ipv6RoutesOfTheMainTableOnly() {
        List<NetRoutes.Route> r = NetRoutes.ipv6(IPV6_ROUTE);
        assertEquals(2, r.size());
        assertEquals("fd00::/64", r.get(0).destination());
        assertEquals("::/0", r.get(1).destination());
        assertEquals("fd00::1", r.get(1).gateway());
        assertTrue(r.get(1).isDefault());
    }

    @Test
    void listenersOnly() {
        assertEquals(List.of(new NetSockets.Listener("tcp6", "::", 8080, 14228789)), NetSockets.listeners(TCP6, "tcp6"));
        assertEquals(List.of(new NetSockets.Listener("tcp", "127.0.0.1", 3306, 5001)), NetSockets.listeners(TCP, "tcp"));
        assertEquals(List.of(new NetSockets.Listener("udp", "0.0.0.0", 53, 6001)), NetSockets.listeners(UDP, "udp"));
    }

    @Test
    void socketLinks() {
        assertEquals(14228789, NetSockets.socketInode("socket:[14228789]"));
        assertEquals(-1, NetSockets.socketInode("pipe:[14228630]"));
        assertEquals(-1, NetSockets.socketInode("socket:[x]"));
        assertEquals(-1, NetSockets.socketInode(null));
    }

    @Test
    void devicesWithCounters() {
        String dev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
                  eth0: 230378624    6428    0    0    0     0          0         0   290460    3583    0    0    0     0       0          0
                """;
        assertEquals(List.of(new NetDevices.Device("lo", 3193, 29, 3193, 29),
                new NetDevices.Device("eth0", 230378624, 6428, 290460, 3583)), NetDevices.parse(dev));
    }

    /** What a hostile or broken file gives: nothing for the lines that do not parse, never an exception. */
    @Test
    void hostileTextIsLeftOut() {
        String garbage = "\u0000\u001b[2J:zz\n 0: GGGGGGGG:1F90 00000000:0000 0A 0:0 0:0 0 0 0 x\n"
                + " 1: 0100007F:1F9 00000000:0000 0A 0:0 0:0 0 0 0 7\n:\n\n" + "x".repeat(10_000);
        for (String proto : List.of("tcp", "tcp6", "udp", "udp6")) {
            assertEquals(List.of(), NetSockets.listeners(garbage, proto));
        }
        assertEquals(List.of(), NetRoutes.ipv4(garbage));
        assertEquals(List.of(), NetRoutes.ipv6(garbage));
        assertEquals(List.of(), NetAddresses.ipv6(garbage + "\n-0000000000000000000000000000001 01 80 10 80 lo"));
        assertEquals(List.of(), NetAddresses.ipv4Local(garbage + "\n|-- 999.1.1.1\n /32 host LOCAL\n|-- 1.2.3\n /32 host LOCAL"));
        assertEquals(List.of(), NetDevices.parse(garbage));
        assertEquals(List.of(), NetSockets.listeners(null, "tcp"));
        assertEquals(List.of(), NetRoutes.ipv4(null));
    }

    /** A namespace with a flood of sockets: only {@link NetSockets#MAX_SOCKETS} are kept. */
    @Test
    void aFloodIsCut() {
        StringBuilder b = new StringBuilder(TCP.lines().findFirst().orElseThrow()).append('\n');
        for (int k = 0; k < 10_000; k++) {
            b.append(String.format("%4d: 00000000:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 %d 1%n",
                    k, k % 65536, 100_000 + k));
        }
        assertEquals(NetSockets.MAX_SOCKETS, NetSockets.listeners(b.toString(), "tcp").size());
    }
}
