package io.jtop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Docker containers for tests, from a busybox image imported offline (no registry needed).
 *
 * <p>Every container gets the label {@code jtop-test=1} so {@link #removeAll()} can clean up after
 * a crashed run without touching anybody else's containers.
 */
public final class DockerFixture {
    public static final String IMAGE = "jtop-test-busybox:latest";
    public static final String LABEL = "jtop-test=1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean imported;

    private DockerFixture() {}

    /** Returns the test image's name, importing it the first time in this JVM if docker lacks it. */
    public static synchronized String image() {
        Host.requireDocker();
        if (imported) {
            return IMAGE;
        }
        if (!imageExists()) {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("jtop-image-");
                Busybox.rootfs(dir.resolve("rootfs"));
                Host.run("bash", "-c", "set -o pipefail; tar -C \"$1\" -c . | docker import - \"$2\"",
                        "bash", dir.resolve("rootfs").toString(), IMAGE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                Host.deleteTree(dir);
            }
        }
        imported = true;
        return IMAGE;
    }

    /** Runs {@code docker run -d --label jtop-test=1 ARGS} and returns the full container id. */
    public static String run(String... dockerRunArgs) {
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-d", "--label", LABEL));
        argv.addAll(List.of(dockerRunArgs));
        return Host.run(argv.toArray(String[]::new)).strip();
    }

    /** Returns the first (only) object of {@code docker inspect ID}. */
    public static JsonNode inspect(String id) {
        String out = Host.run("docker", "inspect", id);
        try {
            return JSON.readTree(out).get(0);
        } catch (IOException e) {
            throw new AssertionError("unparsable docker inspect output for " + id + ": " + out, e);
        }
    }

    /** Removes a container, running or not. */
    public static void remove(String id) {
        Host.run("docker", "rm", "-f", id);
    }

    /** Removes every container labelled {@code jtop-test=1}. */
    public static void removeAll() {
        String ids = Host.run("docker", "ps", "-aq", "--no-trunc", "--filter", "label=" + LABEL).strip();
        if (!ids.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("docker", "rm", "-f"));
            argv.addAll(List.of(ids.split("\\s+")));
            Host.run(argv.toArray(String[]::new));
        }
    }

    private static boolean imageExists() {
        try {
            Host.run("docker", "image", "inspect", IMAGE);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
