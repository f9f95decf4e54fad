package io.jtop.linux.cgroup;

import io.jtop.linux.proc.KernelFiles;
import io.jtop.testing.Host;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thawing through the real v1 freezer, as root, in cgroups of the test's own. */
class CgroupThawIT {

    @Test
    void aCgroupThawsUnlessItsParentIsFrozenWhichThenSaysSo() throws Exception {
        Host.requireRoot();
        Host.requireV1Freezer();
        Path freezer = Path.of("/sys/fs/cgroup/freezer");
        Cgroup cgroup = Cgroups.open(Path.of("/"), new KernelFiles(16));
        String parent = "/jtop-thaw-it-" + UUID.randomUUID().toString().substring(0, 8);
        String child = parent + "/child";
        Path parentDir = freezer.resolve(parent.substring(1));
        Path childDir = freezer.resolve(child.substring(1));
        Files.createDirectories(childDir);
        Process sleeper = new ProcessBuilder("sleep", "1000").start();
        try {
            Files.writeString(childDir.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            Files.writeString(childDir.resolve("freezer.state"), "FROZEN");
            assertEquals(Boolean.TRUE, cgroup.frozen(child));
            assertTrue(cgroup.thaw(child), "thawed");
            assertEquals(Boolean.FALSE, cgroup.frozen(child));

            Files.writeString(parentDir.resolve("freezer.state"), "FROZEN");
            assertEquals(Boolean.TRUE, cgroup.frozen(child), "a frozen parent freezes its children");
            assertFalse(cgroup.thaw(child), "the parent holds it frozen");
            assertEquals(Boolean.TRUE, cgroup.frozen(child));
            assertTrue(cgroup.thaw(parent));
            assertEquals(Boolean.FALSE, cgroup.frozen(child));
            assertTrue(cgroup.signalWaitsForThaw(9), "in v1 even SIGKILL waits for the thaw");
        } finally {
            Files.writeString(parentDir.resolve("freezer.state"), "THAWED");
            sleeper.destroyForcibly().waitFor();
            Files.delete(childDir);
            Files.delete(parentDir);
        }
    }
}
