package io.jtop.backend.docker;

import io.jtop.container.LogLine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Version negotiation, backoff, socket paths and log frames: the pure parts of the engine backend. */
class SmallPartsTest {

    @Test
    void theVersionIsTheLowerOfDaemonAndClient() {
        assertEquals("1.41", ApiVersions.negotiate("1.41", "1.44"), "dockerd 20.10");
        assertEquals("1.44", ApiVersions.negotiate("1.47", "1.44"), "a newer daemon speaks our version too");
        assertEquals("1.44", ApiVersions.negotiate("1.44", "1.44"));
        assertEquals("1.9", ApiVersions.negotiate("1.9", "1.44"), "numbers, not strings");
        assertNull(ApiVersions.negotiate(null, "1.44"), "no header: unversioned requests");
        assertNull(ApiVersions.negotiate("v2", "1.44"));
        assertNull(ApiVersions.negotiate("1.41.0", "1.44"));
    }

    @Test
    void backoffDoublesUpToItsMaximumAndStartsAgainAfterSuccess() {
        Backoff b = new Backoff(250, 1000);
        assertEquals(List.of(250L, 500L, 1000L, 1000L),
                List.of(b.nextMillis(), b.nextMillis(), b.nextMillis(), b.nextMillis()));
        b.reset();
        assertEquals(250, b.nextMillis());
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10));
    }

    @Test
    void socketsFromTheEnvironment() {
        assertEquals(Path.of("/var/run/docker.sock"), EngineSockets.docker(Map.of()));
        assertEquals(Path.of("/tmp/d.sock"), EngineSockets.docker(Map.of("DOCKER_HOST", "unix:///tmp/d.sock")));
        assertEquals(Path.of("/var/run/docker.sock"), EngineSockets.docker(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375")),
                "only a unix socket is used");
        assertEquals(List.of(Path.of("/run/podman/podman.sock")), EngineSockets.podman(Map.of()));
        assertEquals(List.of(Path.of("/run/podman/podman.sock"), Path.of("/run/user/1000/podman/podman.sock")),
                EngineSockets.podman(Map.of("XDG_RUNTIME_DIR", "/run/user/1000")));
        assertEquals(List.of(Path.of("/run/podman/podman.sock")), EngineSockets.podman(Map.of("XDG_RUNTIME_DIR", "/run")),
                "root's runtime dir is the system socket: once");
        assertEquals(List.of(Path.of("/tmp/p.sock")), EngineSockets.podman(Map.of("CONTAINER_HOST", "unix:///tmp/p.sock",
                "XDG_RUNTIME_DIR", "/run/user/1000")), "CONTAINER_HOST names the one socket, as for podman --remote");
        assertEquals(List.of(Path.of("/run/podman/podman.sock")),
                EngineSockets.podman(Map.of("CONTAINER_HOST", "ssh://core@host/run/podman/podman.sock")),
                "only a unix socket is used");
    }

    /**
     * A user who may not connect to root's podman service, but runs one of their own, is served by
     * their own: the refused socket is only used (to say it is refused) when no other exists.
     */
    @Test
    void theSocketThisUserMayConnectToIsPicked() {
        Path system = Path.of("/run/podman/podman.sock");
        Path user = Path.of("/run/user/1000/podman/podman.sock");
        List<Path> both = List.of(system, user);
        Predicate<Path> all = p -> true;
        Predicate<Path> notSystem = p -> !p.equals(system);
        assertEquals(system, EngineSockets.pick(both, all, all), "root: the system service first");
        assertEquals(user, EngineSockets.pick(both, all, notSystem), "a user: their own service");
        assertEquals(system, EngineSockets.pick(both, p -> p.equals(system), notSystem), "only root's: its refusal is said");
        assertEquals(user, EngineSockets.pick(both, p -> p.equals(user), all));
        assertNull(EngineSockets.pick(both, p -> false, all));
    }

    @Test
    void logFramesSplitIntoTimedLines() {
        byte[] payload = "2026-11-29T07:28:06.882677326Z hello\n2026-11-29T07:28:07Z  two spaces\n2026-11-29T07:28:08Z\n"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(
                new LogLine(Instant.parse("2026-11-29T07:28:06.882677326Z"), true, "hello"),
                new LogLine(Instant.parse("2026-11-29T07:28:07Z"), true, " two spaces"),
                new LogLine(Instant.parse("2026-11-29T07:28:08Z"), true, "")), LogFrames.lines(payload, true));
        assertEquals(List.of(new LogLine(null, false, "no time here"), new LogLine(null, false, "last")),
                LogFrames.lines("no time here\nlast".getBytes(StandardCharsets.UTF_8), false),
                "untimed text and a last line without newline are kept");
        assertEquals(List.of(new LogLine(Instant.parse("2026-11-29T07:28:06Z"), false, "tty line\r"),
                        new LogLine(Instant.parse("2026-11-29T07:28:07Z"), false, "\r")),
                LogFrames.lines("2026-11-29T07:28:06Z tty line\r\n2026-11-29T07:28:07Z\r\n".getBytes(StandardCharsets.UTF_8),
                        false), "a TTY's carriage return is kept, as docker logs prints it");
        assertEquals(List.of(new LogLine(null, false, "\u001B]0;PWN\u0007 \uDCFF\uDCFE")),
                LogFrames.lines(new byte[] {0x1b, ']', '0', ';', 'P', 'W', 'N', 7, ' ', (byte) 0xff, (byte) 0xfe}, false),
                "the text is kept as it came: controls, and bytes that are not UTF-8 as surrogate escapes");
        List<LogLine> joined = new ArrayList<>();
        LogFrames frames = new LogFrames();
        frames.frame("2026-11-29T07:28:06Z long \u00e2\u0082".getBytes(StandardCharsets.ISO_8859_1), false, joined::add);
        frames.frame("2026-11-29T07:28:06Z err\n".getBytes(StandardCharsets.UTF_8), true, joined::add);
        frames.frame("2026-11-29T07:28:07Z \u00ac line\nnext".getBytes(StandardCharsets.ISO_8859_1), false, joined::add);
        frames.end(joined::add);
        assertEquals(List.of(new LogLine(Instant.parse("2026-11-29T07:28:06Z"), true, "err"),
                new LogLine(Instant.parse("2026-11-29T07:28:06Z"), false, "long \u20AC line"),
                new LogLine(null, false, "next")), joined,
                "a line cut into frames (inside a UTF-8 sequence, here €) is joined, with the time of its first piece");
    }
}
