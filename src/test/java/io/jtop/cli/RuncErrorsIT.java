package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What runc and conmon say when they fail reaches the user as one line of jtop's, never as their
 * JSON: through the real jar, whose {@code exec} hands runc this process's streams.
 */
class RuncErrorsIT {

    @TempDir
    Path tmp;

    private final List<String> made = new ArrayList<>();

    @BeforeEach
    void image() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("runc");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
    }

    @AfterEach
    void removeThem() {
        made.forEach(name -> jtop("rm", "-f", name));
    }

    private Jtop.Result jtop(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", tmp.resolve("root").toString(),
                "--run-dir", tmp.resolve("run").toString()));
        all.addAll(List.of(args));
        return Jtop.run(all.toArray(String[]::new));
    }

    /** Runs a detached container; returns its id. */
    private String run(String name, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "bb"));
        args.addAll(List.of(command));
        String id = jtop(args.toArray(String[]::new)).assertOk().out().strip();
        made.add(name);
        return id;
    }

    private static void assertOneLine(String what, Jtop.Result r) {
        assertTrue(r.exit() != 0, what + " exited 0: " + r.out());
        assertEquals(1, r.err().lines().count(), what + ": " + r.err());
        assertTrue(r.err().startsWith("jtop: "), what + ": " + r.err());
        assertFalse(r.err().contains("{\"level\"") || r.err().contains("\"msg\""), what + ": " + r.err());
    }

    @Test
    void execOfAMissingProgramAndIntoARootFileSystemThatIsGoneIsOneLine() throws Exception {
        run("e", "sleep", "1000");
        assertOneLine("exec of a missing program", jtop("exec", "e", "/nope"));

        Jtop.Result ran = jtop("exec", "e", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, ran.exit(), "the command's own code");
        assertEquals("out\n", ran.out());
        assertEquals("err\n", ran.err(), "the command's stderr passes as it is");

        // The image's files gone from under the running container, as `image rm` did to one in use.
        for (Path layer : Files.list(tmp.resolve("root/layers")).toList()) {
            Host.deleteTree(layer.resolve("diff/bin"));
        }
        assertOneLine("exec into a container whose root file system is gone", jtop("exec", "e", "ls"));
    }

    @Test
    void execOnATerminalOfAMissingProgramIsOneLineAndAProgramThatRunsHasTheTerminal() {
        run("t", "sleep", "1000");
        for (boolean missing : new boolean[] {true, false}) {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Jtop.jar().toString(), "--root", tmp.resolve("root").toString(),
                    "--run-dir", tmp.resolve("run").toString(), "exec", "-t", "t"));
            argv.addAll(missing ? List.of("/nope") : List.of("sh", "-c", "tty; exit 4"));
            try (Tmux t = Tmux.command(argv.toArray(String[]::new)).size(200, 20).start()) {
                int exit = t.awaitExit(Duration.ofSeconds(60));
                String screen = t.capture();
                List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
                if (missing) {
                    assertEquals(1, exit, screen);
                    assertEquals(1, lines.size(), screen);
                    assertTrue(lines.get(0).startsWith("jtop: "), screen);
                    assertFalse(screen.contains("{\"level\""), screen);
                } else {
                    assertEquals(4, exit, screen);
                    assertEquals(List.of("/dev/pts/0"), lines, "runc made it a terminal");
                }
            }
        }
    }

    @Test
    void runRestartWithABrokenBundleKillAndPauseAreOneLine() throws Exception {
        assertOneLine("run of a missing program", jtop("run", "--name", "missing", "bb", "/nope"));

        String id = run("broken", "sleep", "1000");
        Files.writeString(tmp.resolve("root/containers").resolve(id).resolve("bundle/config.json"), "{\"ociVersion\":");
        assertOneLine("start with a broken bundle", jtop("restart", "-t", "0", "broken"));
        assertOneLine("kill of an exited container", jtop("kill", "broken"));
        assertOneLine("pause of an exited container", jtop("pause", "broken"));

        String other = run("garbled", "sleep", "1000");
        Path state = tmp.resolve("run/runc").resolve(other).resolve("state.json");
        byte[] good = Files.readAllBytes(state);
        Files.writeString(state, "garbage");
        assertOneLine("pause with runc's state garbled", jtop("pause", "garbled"));
        Files.write(state, good); // so that rm -f leaves nothing of it
    }
}
