package io.jtop.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Docker containers for tests, from a busybox image imported offline (no registry needed): the
 * Docker side of {@link EngineCli}, for the tests that need dockerd only.
 *
 * <p>Every container gets the label {@code jtop-test=1} so {@link #removeAll()} can clean up after
 * a crashed run without touching anybody else's containers.
 */
public final class DockerFixture {
    public static final String IMAGE = "jtop-test-busybox:latest";
    public static final String LABEL = EngineCli.LABEL;

    private DockerFixture() {}

    /** Returns the test image's name, importing it the first time in this JVM if docker lacks it. */
    public static String image() {
        Host.requireDocker();
        return EngineCli.DOCKER.image();
    }

    /** Runs {@code docker run -d --label jtop-test=1 ARGS} and returns the full container id. */
    public static String run(String... dockerRunArgs) {
        return EngineCli.DOCKER.run(dockerRunArgs);
    }

    /** Returns the first (only) object of {@code docker inspect ID}. */
    public static JsonNode inspect(String id) {
        return EngineCli.DOCKER.inspect(id);
    }

    /** Removes a container, running or not. */
    public static void remove(String id) {
        Host.run("docker", "rm", "-f", id);
    }

    /** Removes every container labelled {@code jtop-test=1}. */
    public static void removeAll() {
        EngineCli.DOCKER.removeAll();
    }
}
