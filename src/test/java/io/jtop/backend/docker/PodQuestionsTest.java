package io.jtop.backend.docker;

import io.jtop.container.Container;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Podman's own API hanging or hanging up while its compatible API answers: the listing comes
 * within the pod questions' deadline, named, without pods. A service of the test's own on a unix
 * socket, spoken to by the real client ({@link JettyEngine}).
 */
class PodQuestionsTest {

    private static final String LIST = """
            [{"Id":"50f4c545c35c","Names":["/web"],"Image":"bb","State":"running","Status":"Up 1 second",
              "Created":1700000000,"Labels":{}}]""";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    /** How long each hanging question was held before the client gave up on it (ns). */
    private final List<Long> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** What the service does with a question of podman's own API. */
    private enum Libpod { HANG, HANG_UP }

    /**
     * A podman service that answers {@code /_ping}, the compatible list and events (a stream that
     * stays open), and does {@code libpod} to any {@code /libpod/} question.
     */
    private Path serve(Libpod libpod) throws IOException {
        Path socket = tmp.resolve("podman.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        open.add(server);
        Thread accept = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel ch = server.accept();
                    open.add(ch);
                    Thread conn = new Thread(() -> answer(ch, libpod, held));
                    conn.setDaemon(true);
                    conn.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        accept.setDaemon(true);
        accept.start();
        return socket;
    }

    /** Answers one connection's requests (HTTP/1.1, kept alive) until it is closed. */
    private static void answer(SocketChannel ch, Libpod libpod, List<Long> held) {
        try (InputStream in = Channels.newInputStream(ch); OutputStream out = Channels.newOutputStream(ch)) {
            for (String path = requestPath(in); path != null; path = requestPath(in)) {
                if (path.contains("/libpod/")) {
                    if (libpod == Libpod.HANG_UP) {
                        return;
                    }
                    long start = System.nanoTime();
                    in.read(); // hangs: the client gives up and closes
                    held.add(System.nanoTime() - start);
                    return;
                }
                if (path.contains("/events")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.read(); // a stream with no event, until the client closes it
                    return;
                }
                String body = path.startsWith("/_ping") ? "OK" : LIST;
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nLibpod-Api-Version: 4.3.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed
        }
    }

    /** The path of the next request (its head read up to the empty line), or null at the end. */
    private static String requestPath(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            head.write(c);
            if (c == '\n') {
                if (++newlines == 2) {
                    String[] first = head.toString(StandardCharsets.US_ASCII).split(" ", 3);
                    return first.length > 1 ? first[1] : "";
                }
            } else if (c != '\r') {
                newlines = 0;
            }
        }
        return null;
    }

    /** The first listing of a command (which waits for the engine) from the service: connected, not given up on. */
    private List<Container> listWith(Libpod libpod) throws Exception {
        Path socket = serve(libpod);
        EngineBackend b = EngineBackend.podman(Map.of("CONTAINER_HOST", "unix://" + socket), 8_000, () -> null);
        open.add(b::close);
        List<Container> listed = b.list(true);
        assertNull(b.status(), "the first listing came before the command stopped waiting for it");
        return listed;
    }

    @Test
    void aHangingPodQuestionHoldsTheListingNoLongerThanItsDeadline() throws Exception {
        List<Container> listed = listWith(Libpod.HANG);
        assertEquals(1, listed.size());
        assertEquals("web", listed.get(0).name(), "named from the compatible list");
        assertNull(listed.get(0).membership(), "no pod: podman's own API did not answer");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(1, held.size(), "one question, then no more for a while: " + held);
        assertTrue(held.get(0) < JettyEngine.POD_READ.plusMillis(500).toNanos(),
                "given up on at the pod questions' deadline: " + held.get(0) / 1_000_000 + " ms");
    }

    @Test
    void aPodQuestionHungUpOnListsWithoutPods() throws Exception {
        List<Container> listed = listWith(Libpod.HANG_UP);
        assertEquals("web", listed.get(0).name());
        assertNull(listed.get(0).membership());
        assertTrue(held.isEmpty());
    }
}
