package io.jtop.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.RuncContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** As an unprivileged user jtop still lists containers and says once which fields it cannot see. */
class NonRootIT {

    private static final String NOTICE = "not root: namespaces, overlay layers and the privileged flag";

    @TempDir
    Path dir;

    @Test
    void nobodySeesContainersWithFiguresAndOneNotice() throws Exception {
        Host.requireRoot();
        Host.requireCommand("setpriv");
        // A copy of the jar that user nobody can read wherever the checkout lives.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(Jtop.jar(), dir.resolve("jtop.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        String previous = System.setProperty("jtop.jar", jar.toString());
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        try (RuncContainer c = RuncContainer.builder("sleep", "1000").memoryLimit(32L << 20).start()) {
            Jtop.Result ps = Jtop.runAs(nobody, "ps", "--json", "-d", "0").assertOk();
            JsonNode row = null;
            for (JsonNode r : ps.json()) {
                if (r.path("id").asText().equals(c.id())) {
                    row = r;
                }
            }
            assertTrue(row != null, "nobody's jtop lists " + c.id() + ": " + ps.out());
            assertEquals(32L << 20, row.path("memory_limit_bytes").asLong(), "cgroup files are world-readable");
            assertEquals(c.pid(), row.path("pid").asLong());
            assertTrue(row.path("host_namespaces").isNull(), "namespaces hidden, not guessed: " + row);
            assertEquals(1, count(ps.err(), NOTICE), "one notice: " + ps.err());

            Jtop.Result top = Jtop.runAs(nobody, "top", "-b", "-n", "3", "-d", "0.2").assertOk();
            assertEquals(1, count(top.err(), NOTICE), "one notice for three snapshots: " + top.err());
            assertTrue(top.out().contains(c.id().substring(0, 12)));
        } finally {
            if (previous == null) {
                System.clearProperty("jtop.jar");
            } else {
                System.setProperty("jtop.jar", previous);
            }
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
