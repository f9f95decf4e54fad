package io.jtop.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.RuncContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
        try (RuncContainer c = RuncContainer.builder("sleep", "1000").memoryLimit(32L << 20).start()) {
            Jtop.Result ps = Jtop.runAsNobody(dir, "ps", "--json", "-d", "0").assertOk();
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

            Jtop.Result top = Jtop.runAsNobody(dir, "top", "-b", "-n", "3", "-d", "0.2").assertOk();
            assertEquals(1, count(top.err(), NOTICE), "one notice for three snapshots: " + top.err());
            assertTrue(top.out().contains(c.id().substring(0, 12)));
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
