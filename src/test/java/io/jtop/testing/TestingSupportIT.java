package io.jtop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the test support works on a real host: runc with cgroup limits, docker, a busybox rootfs. */
class TestingSupportIT {

    @AfterAll
    static void cleanUpDocker() {
        if (Host.dockerAnswers()) {
            DockerFixture.removeAll();
        }
    }

    @Test
    void busyboxRootfsHasAppletLinks(@TempDir Path dir) {
        Path root = Busybox.rootfs(dir.resolve("rootfs"));
        assertTrue(Files.isExecutable(root.resolve("bin/busybox")));
        assertTrue(Files.isSymbolicLink(root.resolve("bin/sleep")));
        assertTrue(Files.isDirectory(root.resolve("proc")));
        assertTrue(Host.run("cat", root.resolve("etc/passwd").toString()).contains("nobody:"));
    }

    @Test
    void runcContainerGetsItsMemoryLimitAndCgroup() throws Exception {
        RuncContainer c = RuncContainer.builder("sleep", "1000").memoryLimit(64L << 20).start();
        try (c) {
            assertEquals("67108864", Files.readString(memoryLimitFile(c.id())).strip());
            String cgroups = Files.readString(Path.of("/proc", Long.toString(c.pid()), "cgroup"));
            assertTrue(cgroups.contains("/jtop/" + c.id()), cgroups);
            assertTrue(Files.isSymbolicLink(c.rootfsMerged().resolve("bin/sleep")), "overlay shows the lower dir");
        }
        assertFalse(Files.exists(c.bundle()), "close() removes the bundle");
        assertFalse(Files.exists(memoryLimitFile(c.id()).getParent()), "runc delete removes the cgroup leaf");
        assertTrue(goneOrZombie(c.pid()), "close() kills the container's init");
        c.close(); // a second close is harmless
    }

    @Test
    void dockerFixtureRunsAContainer() {
        Host.requireDocker();
        String id = DockerFixture.run(DockerFixture.image(), "sleep", "1000");
        try {
            assertEquals(64, id.length(), id);
            JsonNode state = DockerFixture.inspect(id).path("State");
            assertTrue(state.path("Running").asBoolean(), state.toString());
            assertEquals("1", DockerFixture.inspect(id).path("Config").path("Labels").path("jtop-test").asText());
        } finally {
            DockerFixture.remove(id);
        }
    }

    /** Polls (5 s at most) until PID is gone or a zombie; its reaper is not us, so it may lag. */
    private static boolean goneOrZombie(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 50; i++) {
            try {
                String s = Files.readString(stat);
                if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (NoSuchFileException e) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The limit file of cgroup /jtop/ID: v1 memory controller (this host) or the v2 tree. */
    private static Path memoryLimitFile(String id) {
        Path v1 = Path.of("/sys/fs/cgroup/memory/jtop", id, "memory.limit_in_bytes");
        return Files.exists(v1) ? v1 : Path.of("/sys/fs/cgroup/jtop", id, "memory.max");
    }
}
