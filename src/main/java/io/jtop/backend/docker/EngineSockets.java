package io.jtop.backend.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Where the Docker and Podman engines listen, from the environment as their own clients read it. */
public final class EngineSockets {

    /** dockerd's socket when {@code DOCKER_HOST} names none. */
    public static final Path DOCKER_DEFAULT = Path.of("/var/run/docker.sock");
    /** {@code podman system service} run as root. */
    public static final Path PODMAN_ROOT = Path.of("/run/podman/podman.sock");

    private EngineSockets() {
    }

    /** {@code DOCKER_HOST} when it names a unix socket ({@code unix:///path}), else the default. */
    public static Path docker(Map<String, String> env) {
        Path named = unixSocket(env.get("DOCKER_HOST"));
        return named != null ? named : DOCKER_DEFAULT;
    }

    /**
     * Podman's sockets: {@code CONTAINER_HOST}'s when it names a unix socket, as podman's remote
     * client reads it; else the system service's first, then the user's ({@code $XDG_RUNTIME_DIR}),
     * of which {@link #pick} takes one.
     */
    public static List<Path> podman(Map<String, String> env) {
        Path named = unixSocket(env.get("CONTAINER_HOST"));
        if (named != null) {
            return List.of(named);
        }
        List<Path> out = new ArrayList<>(List.of(PODMAN_ROOT));
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            Path user = Path.of(runtimeDir, "podman", "podman.sock");
            if (!user.equals(PODMAN_ROOT)) {
                out.add(user);
            }
        }
        return out;
    }

    /**
     * The socket to use of {@code sockets}: the first that exists and this user may connect to
     * (a user refused root's podman service is served by their own); else the first that exists,
     * whose refusal is then said; null when none exists.
     */
    static Path pick(List<Path> sockets, Predicate<Path> exists, Predicate<Path> mayConnect) {
        Path refused = null;
        for (Path p : sockets) {
            if (exists.test(p)) {
                if (mayConnect.test(p)) {
                    return p;
                }
                if (refused == null) {
                    refused = p;
                }
            }
        }
        return refused;
    }

    /** The path of a {@code unix:///path} URL, or null for anything else (unset, tcp://, ssh://). */
    private static Path unixSocket(String url) {
        if (url != null && url.startsWith("unix://") && url.length() > "unix://".length()) {
            return Path.of(url.substring("unix://".length()));
        }
        return null;
    }
}
