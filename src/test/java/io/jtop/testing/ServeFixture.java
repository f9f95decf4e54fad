package io.jtop.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the live tests of {@code jtop serve} stand on: Docker containers, the real jar serving
 * them, and a real Prometheus scraping it, each stopped or removed after the test whatever its
 * outcome. Registered with {@code @RegisterExtension}, one per test; containers may be started
 * and removed from any thread.
 */
public final class ServeFixture implements AfterEachCallback {

    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory/docker");

    private final List<String> containers = new CopyOnWriteArrayList<>();
    private final List<ServeProcess> serves = new ArrayList<>();
    private Prometheus prometheus;

    /** {@code docker run -d ARGS}, removed after the test; the container's full id. */
    public String container(String... dockerRunArgs) {
        String id = DockerFixture.run(dockerRunArgs);
        containers.add(id);
        return id;
    }

    /** Removes a container now. */
    public void remove(String id) {
        DockerFixture.remove(id);
        containers.remove(id);
    }

    /** {@code jtop serve} on a loopback port, its store under {@code dir}. */
    public ServeProcess serve(Path dir) throws IOException {
        Files.createDirectories(dir);
        ServeProcess serve = ServeProcess.start(dir);
        serves.add(serve);
        return serve;
    }

    /** Prometheus scraping the last {@link #serve} started, its files under {@code dir}. */
    public Prometheus prometheus(Path dir) throws IOException {
        prometheus = Prometheus.scraping(serves.get(serves.size() - 1).port, dir);
        return prometheus;
    }

    /**
     * A Docker container's working set as cAdvisor and jtop define it on cgroup v1:
     * {@code memory.usage_in_bytes} less {@code total_inactive_file}, floored at 0.
     */
    public static long workingSet(String dockerId) {
        Path cgroup = MEMORY.resolve(dockerId);
        try {
            long usage = Long.parseLong(Files.readString(cgroup.resolve("memory.usage_in_bytes")).strip());
            long inactive = 0;
            for (String l : Files.readAllLines(cgroup.resolve("memory.stat"))) {
                if (l.startsWith("total_inactive_file ")) {
                    inactive = Long.parseLong(l.substring(l.indexOf(' ') + 1).strip());
                }
            }
            return Math.max(0, usage - inactive);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        for (ServeProcess serve : serves) {
            serve.close();
        }
        serves.clear();
        for (String id : containers) {
            DockerFixture.remove(id);
        }
        containers.clear();
    }
}
