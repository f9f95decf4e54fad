package io.jtop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Docker or Podman driven through its own command line, for tests: a busybox image imported
 * offline, containers labelled {@code jtop-test=1} (so {@link #removeAll} cleans up after a
 * crashed run without touching anybody else's), inspect as JSON, and a restart of the daemon.
 *
 * <p>Podman here needs {@code --runtime runc} (crun refuses a hybrid cgroup layout) and explicit
 * rlimits: its defaults are above the hard limits of this host, which runc refuses.
 */
public final class EngineCli {

    public static final String LABEL = "jtop-test=1";
    public static final EngineCli DOCKER = new EngineCli("docker", List.of("docker"), List.of(),
            "jtop-test-busybox:latest");
    public static final EngineCli PODMAN = new EngineCli("podman", List.of("podman", "--runtime", "runc"),
            List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "none"),
            "jtop-test-busybox:latest");
    /** The socket of {@code podman system service} as root. */
    public static final Path PODMAN_SOCKET = Path.of("/run/podman/podman.sock");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SOCKET_POLL_NANOS = 100_000_000L;

    private final String name;
    private final List<String> cli;
    private final List<String> runOptions;
    private final String image;
    private boolean imported;

    private EngineCli(String name, List<String> cli, List<String> runOptions, String image) {
        this.name = name;
        this.cli = cli;
        this.runOptions = runOptions;
        this.image = image;
    }

    /** Podman with these global options (its runtime, cgroup manager …) and options for each {@code run}. */
    public static EngineCli podman(List<String> globalOptions, List<String> runOptions) {
        List<String> cli = new ArrayList<>(List.of("podman"));
        cli.addAll(globalOptions);
        return new EngineCli("podman", cli, runOptions, "jtop-test-busybox:latest");
    }

    /** {@code docker} or {@code podman}: as jtop's RUNTIME column says it. */
    public String name() {
        return name;
    }

    /**
     * Skips (in CI fails) without the engine: dockerd answering, or podman with its service on
     * {@link #PODMAN_SOCKET} (packaging/test.sh starts it).
     */
    public void require() {
        Host.requireRoot();
        if (this == DOCKER) {
            Host.requireDocker();
            return;
        }
        Host.requireCommand("podman");
        Host.require(Files.exists(PODMAN_SOCKET) && answers(),
                "needs podman's service on " + PODMAN_SOCKET + " (podman --runtime runc system service --time=0 unix://"
                        + PODMAN_SOCKET + ")");
    }

    private boolean answers() {
        return answers(PODMAN_SOCKET);
    }

    private static boolean answers(Path socket) {
        try {
            Host.run("podman", "--remote", "--url", "unix://" + socket, "version");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /**
     * Starts podman's API service ({@code podman system service}, with this podman's global
     * options) on {@code socket} and waits until it answers; its log goes to {@code log}.
     */
    public Process serve(Path socket, Path log, Duration within) throws IOException {
        Files.createDirectories(socket.getParent());
        List<String> argv = new ArrayList<>(cli);
        argv.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + within.toNanos();
        // The socket appears once the service listens; a podman command to ask it costs seconds.
        while (!Files.exists(socket) || !answers(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("podman's service did not answer on " + socket + " within " + within
                        + (p.isAlive() ? "" : " (it exited)") + "; its log: " + Files.readString(log));
            }
            LockSupport.parkNanos(SOCKET_POLL_NANOS);
        }
        return p;
    }

    /** Runs the engine's command line; returns its stdout. */
    public String cli(String... args) {
        List<String> argv = new ArrayList<>(cli);
        argv.addAll(List.of(args));
        return Host.run(argv.toArray(String[]::new));
    }

    /** The test image's name, imported from the host's busybox the first time in this JVM if the engine lacks it. */
    public synchronized String image() {
        if (imported) {
            return image;
        }
        try {
            cli("image", "inspect", image);
        } catch (AssertionError missing) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("jtop-image-");
                Busybox.rootfs(dir.resolve("rootfs"));
                List<String> argv = new ArrayList<>(List.of("bash", "-c",
                        "set -o pipefail; tar -C \"$1\" -c . | \"${@:3}\" import - \"$2\"",
                        "bash", dir.resolve("rootfs").toString(), image));
                argv.addAll(cli);
                Host.run(argv.toArray(String[]::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                Host.deleteTree(dir);
            }
        }
        imported = true;
        return image;
    }

    /** {@code run -d --label jtop-test=1 [podman's options] ARGS}; returns the full id. */
    public String run(String... runArgs) {
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--label", LABEL));
        argv.addAll(runOptions);
        argv.addAll(List.of(runArgs));
        return cli(argv.toArray(String[]::new)).strip();
    }

    /** The first (only) object of {@code inspect ID}. */
    public JsonNode inspect(String id) {
        String out = cli("inspect", id);
        try {
            return JSON.readTree(out).get(0);
        } catch (IOException e) {
            throw new AssertionError("unparsable " + name + " inspect output for " + id + ": " + out, e);
        }
    }

    /** Whether the engine still keeps a container of this id. */
    public boolean exists(String id) {
        return !cli("ps", "-aq", "--no-trunc", "--filter", "id=" + id).isBlank();
    }

    /** Removes a container, running or not; quietly when it is gone already. */
    public void remove(String id) {
        try {
            cli("rm", "-f", id);
        } catch (AssertionError e) {
            if (exists(id)) {
                throw e;
            }
        }
    }

    /** Removes every container labelled {@code jtop-test=1}. */
    public void removeAll() {
        String ids = cli("ps", "-aq", "--no-trunc", "--filter", "label=" + LABEL).strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            cli(args.toArray(String[]::new));
        }
    }
}
