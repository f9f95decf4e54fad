package io.jtop.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeCommandTest {

    private static final String V2 = "src/test/resources/fixtures/cgroup-v2-debian12-6.1";

    @Test
    void listenAddresses() {
        assertEquals(new InetSocketAddress("127.0.0.1", 9656), ServeCommand.listenAddress(ServeCommand.DEFAULT_LISTEN));
        assertEquals(new InetSocketAddress("127.0.0.1", 80), ServeCommand.listenAddress("localhost:80"));
        assertEquals(new InetSocketAddress("0.0.0.0", 9656), ServeCommand.listenAddress("0.0.0.0:9656"));
        assertEquals(new InetSocketAddress("::1", 0), ServeCommand.listenAddress("[::1]:0"));
        for (String bad : List.of("", "9656", ":9656", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536",
                "127.0.0.1:123456", "256.0.0.1:80", "1.2.3:80", "example.com:80", "::1:9656", "[nothost]:80",
                "127.0.0.1:80 ", "127.0.0.1:-1", "127.0.0.1:80/metrics")) {
            assertThrows(IllegalArgumentException.class, () -> ServeCommand.listenAddress(bad), bad);
        }
    }

    @Test
    void aBadListenValueIsOneUsageLineAndExitTwo() {
        for (String bad : List.of("nonsense", "127.0.0.1:99999", "\u001b[31mred:1")) {
            InProcess.Run r = InProcess.jtop("--host-root", V2, "serve", "--listen", bad);
            assertEquals(2, r.exit(), bad);
            assertTrue(r.err().startsWith("jtop: --listen"), r.err());
            assertFalse(r.err().contains("\u001b"), "the value is shown escaped");
            assertFalse(r.err().contains("Exception"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            InProcess.Run r = InProcess.jtop("--host-root", V2, "serve", "--listen", listen);
            assertEquals(1, r.exit());
            assertEquals("jtop: cannot listen on " + listen + ": address already in use\n", r.err());
            assertEquals("", r.out());
        }
    }
}
