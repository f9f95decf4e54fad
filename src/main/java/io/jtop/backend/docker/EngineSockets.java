package io.jtop.backend.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        String host = env.get("DOCKER_HOST");
        if (host != null && host.startsWith("unix://") && host.length() > "unix://".length()) {
            return Path.of(host.substring("unix://".length()));
        }
        return DOCKER_DEFAULT;
    }

    /** Podman's sockets, the system service's first, then the user's ({@code $XDG_RUNTIME_DIR}). */
    public static List<Path> podman(Map<String, String> env) {
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
}
