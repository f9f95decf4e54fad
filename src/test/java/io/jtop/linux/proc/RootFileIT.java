package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;

/**
 * A live container that races jtop's read of its file: two loops inside turn {@code /tmp/x}, by
 * rename, from a regular file into a FIFO and back, while jtop reads it through
 * {@code /proc/<pid>/root} as root. No read may block. ({@code /etc/resolv.conf} itself is a bind
 * mount in a Docker container, which cannot be renamed over; a container of jtop's own runtime or
 * one whose engine does not mount it can swap that file the same way.)
 */
class RootFileIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SWAP = "cd /tmp && echo ns > r && mkfifo f && "
            + "swap() { while :; do ln -f f $1; mv -f $1 x; ln -f r $1; mv -f $1 x; done; }; "
            + "swap a & swap b & wait";

    private String id;

    @AfterEach
    void remove() {
        if (id != null) {
            DockerFixture.remove(id);
        }
    }

    @Test
    void aFileSwappedForAFifoInsideAContainerNeverBlocksARead() throws Exception {
        Host.requireRoot();
        id = DockerFixture.run("--name", "fifo17-it-swap", "--network", "none", DockerFixture.image(),
                "sh", "-c", SWAP);
        int pid = DockerFixture.inspect(id).path("State").path("Pid").asInt();
        Path root = Path.of("/proc/" + pid + "/root");
        Instant deadline = Instant.now().plus(WAIT);
        while (!Files.exists(root.resolve("tmp/x")) && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        int[] seen = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int k = 0; k < 2000; k++) {
                RootFile.Content c = RootFile.read(root, "/tmp/x", 1000);
                if (c.error() == null) {
                    assertEquals("ns\n", c.text());
                    seen[0]++;
                } else {
                    assertEquals("not a regular file", c.error());
                    seen[1]++;
                }
            }
        });
        assertTrue(seen[0] > 0 && seen[1] > 0, seen[0] + " regular, " + seen[1] + " FIFO");
    }
}
