package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network of live Docker containers as {@code inspect} shows it: a busybox listener in a
 * container of its own network namespace ({@code --network none}: only {@code lo}), and a container
 * on the host's network. All traffic stays on the container's loopback.
 */
class NetworkIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<String> ids = new ArrayList<>();

    @AfterEach
    void remove() {
        ids.forEach(DockerFixture::remove);
    }

    /**
     * nc listens on 8080 as a child of the shell (so its owner is found among the container's
     * processes, not only its main one); the shell's own connection to a closed port of 127.0.0.1
     * moves lo's counters.
     */
    @Test
    void aListenerWithItsProcessAndLoopbackCounters() throws Exception {
        Host.requireRoot();
        String id = DockerFixture.run("--name", "net17-it-listener", "--network", "none", DockerFixture.image(),
                "sh", "-c", "nc -l -p 8080 & echo x | nc 127.0.0.1 1; wait");
        ids.add(id);
        JsonNode net = awaitNetwork(id, n -> !n.path("listeners").isEmpty()
                && n.path("listeners").get(0).path("host_pid").isInt());
        assertFalse(net.path("shared_with_host").asBoolean(), net.toString());
        JsonNode l = net.path("listeners").get(0);
        assertEquals(8080, l.path("port").asInt(), net.toString());
        assertTrue(l.path("proto").asText().startsWith("tcp"), net.toString());
        assertEquals("nc -l -p 8080", l.path("command").asText(), net.toString());
        int mainPid = DockerFixture.inspect(id).path("State").path("Pid").asInt();
        assertTrue(l.path("host_pid").asInt() != mainPid, "held by nc, a child of the main process: " + net);

        assertEquals(1, net.path("interfaces").size(), "--network none: only lo: " + net);
        JsonNode lo = net.path("interfaces").get(0);
        assertEquals("lo", lo.path("name").asText());
        assertTrue(lo.path("addresses").toString().contains("127.0.0.1/8"), net.toString());
        assertTrue(lo.path("rx_packets").asLong() > 0 && lo.path("tx_packets").asLong() > 0, net.toString());
        assertEquals(0, net.path("routes").size(), net.toString());
        assertTrue(net.path("hosts").path("lines").toString().contains("localhost"), net.toString());
        assertEquals("null", net.path("resolv_conf").path("error").toString(), net.toString());

        InProcess.Run text = InProcess.jtop("inspect", "-d", "0", id);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().lines().anyMatch(s -> s.matches(" +tcp6? +\\S+:8080 +" + l.path("host_pid").asInt()
                + "  nc -l -p 8080")), text.out());
    }

    @Test
    void theHostsNetworkIsShownAsSuch() throws Exception {
        Host.requireRoot();
        String id = DockerFixture.run("--name", "net17-it-host", "--network", "host", DockerFixture.image(),
                "sleep", "1000");
        ids.add(id);
        JsonNode net = awaitNetwork(id, n -> n.path("shared_with_host").asBoolean());
        assertEquals(0, net.path("listeners").size(), "the host's sockets are not listed: " + net);
        InProcess.Run text = InProcess.jtop("inspect", "-d", "0", id);
        assertTrue(text.out().contains(": THE HOST's (shared with PID 1)"), text.out());
    }

    /** {@code inspect --json}'s network object, polled until {@code ready} holds or the deadline passes. */
    private static JsonNode awaitNetwork(String id, Predicate<JsonNode> ready) throws IOException {
        Instant end = Instant.now().plus(WAIT);
        JsonNode net = null;
        while (Instant.now().isBefore(end)) {
            InProcess.Run r = InProcess.jtop("inspect", "--json", "-d", "0", id);
            if (r.exit() == 0) {
                net = r.json().path("network");
                if (ready.test(net)) {
                    return net;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("not seen within " + WAIT + ": " + net);
    }
}
