package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.Busybox;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Hostile;
import io.jtop.testing.Jtop;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@link Hostile}) through the real jar, as root: in a jtop container's and a
 * Docker container's command line and output, in Docker labels, in an image's config and in the
 * names a {@code docker save} archive gives. Every command's text and JSON output, to a pipe and
 * to a terminal ({@code script}), holds none of it raw; the text shows it escaped; {@code logs}
 * to a pipe gives the container's bytes exactly.
 */
class HostileTextIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The corpus as a command's arguments can carry it: the pieces that are UTF-8. */
    private static final String VALID = String.join(" ", Stream.of(Hostile.OSC_TITLE, Hostile.CLEAR,
            Hostile.DCS, Hostile.C1_CHAR, Hostile.RLO).map(p -> new String(p.bytes(), StandardCharsets.UTF_8)).toList());

    /** The name issue 13 ran a container with. */
    private static final String ISSUE_NAME = "n\u001B]0;PWN\u0007\u001B[2J";

    @TempDir
    Path tmp;

    private final List<String> dockerIds = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        dockerIds.forEach(DockerFixture::remove);
        if (Files.exists(tmp.resolve("root"))) {
            run(jtop("rm", "-f", "text-hostile"));
            run(jtop("rm", "-f", ISSUE_NAME)); // should it ever be taken
        }
    }

    /** What a process wrote, byte for byte. */
    private record Out(int exit, byte[] out, byte[] err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }

        String errText() {
            return new String(err, StandardCharsets.UTF_8);
        }

        Out ok(String what) {
            assertEquals(0, exit, what + ": " + errText());
            return this;
        }
    }

    /** The jar's command line on this test's store. */
    private List<String> jtop(String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", Jtop.jar().toString(),
                "--root", tmp.resolve("root").toString(), "--run-dir", tmp.resolve("run").toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** The same command line on a terminal: {@code script} runs it on a pseudo-terminal of its own. */
    private static List<String> onTerminal(List<String> argv) {
        StringBuilder cmd = new StringBuilder();
        for (String a : argv) {
            cmd.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        return List.of("script", "-qec", cmd.toString(), "/dev/null");
    }

    private static Out run(List<String> argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            CompletableFuture<byte[]> out = read(p.getInputStream());
            CompletableFuture<byte[]> err = read(p.getErrorStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " did not end within 120 s");
            }
            return new Out(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<byte[]> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    /**
     * A shell script that writes the corpus to standard output and error and a 50 KB line to
     * standard output, then runs on with the corpus as its own last argument (so in its command line).
     */
    private static String script() {
        String corpus = Hostile.printfFormat(Hostile.bytes());
        return "printf '" + corpus + "\\n'; printf '" + corpus + "\\n' >&2; printf '"
                + Hostile.printfFormat(Hostile.longLine()) + "\\n'; exec sh -c 'while :; do sleep 1; done' \"$(printf '"
                + corpus + "')\"";
    }

    /** What {@link #script} writes to standard output. */
    private static byte[] scriptStdout() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(Hostile.bytes());
        b.write('\n');
        b.writeBytes(Hostile.longLine());
        b.write('\n');
        return b.toByteArray();
    }

    private static byte[] line(byte[] b) {
        byte[] out = Arrays.copyOf(b, b.length + 1);
        out[b.length] = '\n';
        return out;
    }

    /** Waits until a command's output holds a text: the container has started and written. */
    private static void awaitOutput(List<String> argv, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!new String(run(argv).out, StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(argv + " never printed " + text);
            }
            Thread.sleep(100);
        }
    }

    /** The corpus through every command's text and JSON output, to a pipe and to a terminal. */
    private void assertEveryOutputSafe(String container) {
        for (List<String> args : List.of(List.of("ps", "-d", "0"), List.of("ps", "--json", "-d", "0"),
                List.of("top", "-b", "-n", "1", "-d", "0.1"), List.of("top", "-b", "--json", "-n", "1", "-d", "0.1"),
                List.of("inspect", "-d", "0", container), List.of("inspect", "--json", "-d", "0", container))) {
            String what = String.join(" ", args);
            Out pipe = run(jtop(args.toArray(String[]::new))).ok(what);
            Hostile.assertNothingRaw(what, pipe.out);
            Hostile.assertNothingRaw(what + " (stderr)", pipe.err);
            Out tty = run(onTerminal(jtop(args.toArray(String[]::new)))).ok(what + " on a terminal");
            Hostile.assertNothingRaw(what + " on a terminal", tty.out);
        }
        Out inspect = run(jtop("inspect", "-d", "0", container)).ok("inspect");
        Hostile.assertEscaped("inspect's command line", inspect.text());
        JsonNode json;
        try {
            json = JSON.readTree(run(jtop("inspect", "--json", "-d", "0", container)).out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String command = json.get("processes").get(0).get("command").asText();
        assertTrue(command.endsWith(" " + Hostile.text()), "inspect --json gives the command line back exactly: "
                + command);
    }

    @Test
    void aJtopContainersCommandLineAndOutput() throws Exception {
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("script");
        run(jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "hostile-bb")).ok("import");

        // The name of the issue: refused, the error escaped.
        Out refused = run(jtop("run", "-d", "--name", ISSUE_NAME, "hostile-bb", "true"));
        assertEquals(1, refused.exit);
        assertEquals("jtop: invalid container name 'n\\x1b]0;PWN\\x07\\x1b[2J': a name is a letter or digit, then "
                + "letters, digits, '_', '.' or '-' (as Docker's)\n", refused.errText());
        Hostile.assertNothingRaw("the error", refused.err);

        run(jtop("run", "-d", "--name", "text-hostile", "hostile-bb", "sh", "-c", script())).ok("run");
        awaitOutput(jtop("inspect", "-d", "0", "text-hostile"), "while :; do sleep 1; done hostile");
        assertEveryOutputSafe("text-hostile");

        Out pipe = run(jtop("logs", "text-hostile")).ok("logs");
        assertArrayEquals(scriptStdout(), pipe.out, "logs to a pipe: the container's standard output, exactly");
        assertArrayEquals(line(Hostile.bytes()), pipe.err, "and its standard error, exactly");
        Out tty = run(onTerminal(jtop("logs", "text-hostile"))).ok("logs on a terminal");
        Hostile.assertSafe("logs on a terminal", tty.out);
        assertTrue(tty.text().contains("L".repeat(50_000)), "the 50 KB line, whole");

        Out attached = run(jtop("run", "--rm", "hostile-bb", "sh", "-c", "printf '"
                + Hostile.printfFormat(Hostile.bytes()) + "\\n'"));
        assertArrayEquals(line(Hostile.bytes()), attached.ok("run").out, "run's output to a pipe, exactly");
        Out attachedTty = run(onTerminal(jtop("run", "--rm", "hostile-bb", "sh", "-c", "printf '"
                + Hostile.printfFormat(Hostile.bytes()) + "\\n'"))).ok("run on a terminal");
        Hostile.assertSafe("run's output on a terminal", attachedTty.out);
    }

    @Test
    void aDockerContainersLabelsCommandLineAndOutput() throws Exception {
        Host.requireRoot();
        Host.requireCommand("script");
        String id = DockerFixture.run("--name", "text-hostile-docker", "--label", "hostile=" + VALID,
                "--label", VALID.replace(" ", "-") + "=key", DockerFixture.image(), "sh", "-c", script());
        dockerIds.add(id);
        awaitOutput(jtop("inspect", "-d", "0", id), "while :; do sleep 1; done hostile");
        assertEveryOutputSafe(id);

        Out inspect = run(jtop("inspect", "-d", "0", id)).ok("inspect");
        String labels = inspect.text().lines().filter(l -> l.contains("hostile=") || l.contains("=key"))
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(labels.contains("hostile=\\x1b]0;PWN\\x07 \\x1b[2J \\x1bP+q544e\\x1b\\ \\u009b2J \\u202etxt.exe"),
                "labels shown escaped: " + labels);
        assertTrue(labels.contains("\\x1b]0;PWN\\x07-\\x1b[2J-\\x1bP+q544e\\x1b\\-\\u009b2J-\\u202etxt.exe=key"), labels);
        JsonNode json = JSON.readTree(run(jtop("inspect", "--json", "-d", "0", id)).out);
        assertEquals(VALID, json.get("labels").get("hostile").asText(), "inspect --json: the label exactly");

        Out mine = run(jtop("logs", id)).ok("logs");
        Out docker = run(List.of("docker", "logs", id)).ok("docker logs");
        assertArrayEquals(docker.out, mine.out, "logs to a pipe: what docker logs prints, exactly");
        assertArrayEquals(docker.err, mine.err, "both streams");
        // Docker's json-file log keeps a byte that is not UTF-8 as U+FFFD: the pieces that are UTF-8 remain.
        Out tty = run(onTerminal(jtop("logs", id))).ok("logs on a terminal");
        Hostile.assertNothingRaw("logs on a terminal", tty.out);
        for (Hostile.Piece p : List.of(Hostile.OSC_TITLE, Hostile.CLEAR, Hostile.DCS, Hostile.C1_CHAR, Hostile.RLO)) {
            assertTrue(tty.text().contains(p.escaped()), p.what() + " escaped on a terminal: " + tty.text());
        }
    }

    @Test
    void anImagesConfigAndTheNamesItsArchiveGives() throws Exception {
        Host.requireRoot();
        Host.requireCommand("script");
        Path save = Files.createDirectories(tmp.resolve("save"));
        Map<String, Object> config = Map.of("created", Hostile.text(), "rootfs", Map.of("type", "layers",
                "diff_ids", List.of()), "config", Map.of("Env", List.of("HOSTILE=" + Hostile.text()),
                "Cmd", List.of("sh", Hostile.text()), "Labels", Map.of("hostile", Hostile.text())));
        // JSON's escapes carry the corpus, its bytes that are not UTF-8 as surrogate escapes.
        Files.writeString(save.resolve("config.json"), Output.json(config, false));
        Files.writeString(save.resolve("manifest.json"), Output.json(List.of(Map.of("Config", "config.json",
                "RepoTags", List.of(Hostile.text()), "Layers", List.of())), false));
        Path tar = tmp.resolve("save.tar");
        Host.run("tar", "-C", save.toString(), "-cf", tar.toString(), ".");

        Out refused = run(jtop("image", "import", tar.toString()));
        assertEquals(1, refused.exit, refused.errText());
        Hostile.assertSafe("import of an archive whose name is hostile", refused.err);
        assertEquals(1, refused.errText().lines().count(), refused.errText());

        run(jtop("image", "import", tar.toString(), "hostile-config:1")).ok("import under a name of one's own");
        for (List<String> args : List.of(List.of("images"), List.of("images", "--json"),
                List.of("image", "inspect", "hostile-config:1"))) {
            String what = String.join(" ", args);
            Out pipe = run(jtop(args.toArray(String[]::new))).ok(what);
            Hostile.assertNothingRaw(what, pipe.out);
            Hostile.assertNothingRaw(what + " on a terminal", run(onTerminal(jtop(args.toArray(String[]::new)))).out);
        }
        Hostile.assertEscaped("images' CREATED", run(jtop("images")).text());
        JsonNode inspect = JSON.readTree(run(jtop("image", "inspect", "hostile-config:1")).out);
        assertEquals("HOSTILE=" + Hostile.text(), inspect.get("config").get("env").get(0).asText());
        assertEquals(Hostile.text(), inspect.get("config").get("labels").get("hostile").asText());
        run(jtop("image", "rm", "hostile-config:1")).ok("image rm");
    }
}
