package io.jtop.cli;

import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UI's header on a host whose engines are not running: each is said to be so, not "ok". */
class HeaderEnginesIT {

    @TempDir
    Path tmp;

    @Test
    void enginesWithoutASocketAreNotRunningNotOk() {
        Host.requireRoot();
        // The engines' clients' own variables, naming sockets that do not exist: the shared dockerd
        // and podman service are left alone.
        String none = "unix://" + tmp.resolve("none.sock");
        try (Tmux t = Tmux.command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", Jtop.jar().toString(),
                        "--root", tmp.resolve("root").toString(), "--run-dir", tmp.resolve("run").toString())
                .size(160, 30)
                .env("XDG_CONFIG_HOME", tmp.resolve("config").toString())
                .env("DOCKER_HOST", none)
                .env("CONTAINER_HOST", none)
                .start()) {
            String screen = t.awaitText("docker not running", Duration.ofSeconds(20));
            String line = screen.lines().filter(l -> l.contains("sort ")).findFirst().orElseThrow();
            assertTrue(line.endsWith("cgroups+jtop ok  podman not running  docker not running"), line);
            t.sendKeys("q");
            assertEquals(0, t.awaitExit(Duration.ofSeconds(10)));
        }
    }
}
