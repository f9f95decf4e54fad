package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.Hostile;
import io.jtop.testing.OciLayout;
import io.jtop.text.Utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@link Hostile}) through every command that needs no root, in process: a
 * fixture host whose container processes have it in their command line, name and overlay paths,
 * and names and references that hold it. Nothing reaches the output raw; the text output shows
 * each piece escaped, the JSON output gives it back exactly.
 */
class HostileTextTest {

    private static final Path V2 = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    /** The Docker container of the fixture, whose only process (131) gets the corpus as its command line. */
    private static final String DOCKER = "a01ea2828a44";
    /** The Podman container, whose process (132) has no command line and the corpus in its name. */
    private static final String PODMAN = "f1e73268c4fd";

    /** The corpus in an overlay directory's name: every piece but the backslash of the DCS. */
    private static final byte[] UPPER = new String(Hostile.bytes(), StandardCharsets.ISO_8859_1).replace("\\", "")
            .getBytes(StandardCharsets.ISO_8859_1);

    /** An LXC container's name: every piece of the corpus that is UTF-8. */
    private static final String LXC = "n\u001B]0;PWN\u0007\u001B[2J\u001BP+q544e\u001B\\-\u009B2J\u202Etxt";

    @TempDir
    Path tmp;

    /**
     * The fixture host, with the corpus in processes 131 (command line, mounts) and 132 (name), and
     * an LXC container named with it.
     */
    private Path hostileHost() throws IOException {
        Path host = tmp.resolve("host");
        copy(V2, host);
        ByteArrayOutputStream cmdline = new ByteArrayOutputStream();
        cmdline.writeBytes("sh\0-c\0".getBytes(StandardCharsets.US_ASCII));
        cmdline.writeBytes(Hostile.longLine());
        cmdline.write(0);
        Files.write(host.resolve("proc/131/cmdline"), cmdline.toByteArray());
        // The kernel writes mountinfo's paths as they are, but for space, tab, newline and backslash
        // in octal; a backslash is left out here, overlay's options taking it for an escape.
        ByteArrayOutputStream upper = new ByteArrayOutputStream();
        upper.writeBytes("/var/lib/docker/overlay2/x".getBytes(StandardCharsets.US_ASCII));
        for (byte b : UPPER) {
            if (b == ' ') {
                upper.writeBytes("\\040".getBytes(StandardCharsets.US_ASCII));
            } else {
                upper.write(b);
            }
        }
        ByteArrayOutputStream mountinfo = new ByteArrayOutputStream();
        mountinfo.writeBytes("100 90 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l/a,upperdir=".getBytes(
                StandardCharsets.US_ASCII));
        mountinfo.writeBytes(upper.toByteArray());
        mountinfo.writeBytes("/diff,workdir=/w\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(host.resolve("proc/131/mountinfo"), mountinfo.toByteArray());
        // An LXC container (process 135) named by its cgroup directory, the name holding the corpus's
        // pieces a directory name can have from Java (UTF-8).
        Path lxc = host.resolve("sys/fs/cgroup/lxc.payload." + LXC);
        Path docker = host.resolve("sys/fs/cgroup/system.slice").resolve(
                "docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope");
        copy(docker, lxc);
        Files.writeString(lxc.resolve("cgroup.procs"), "135\n");
        copy(host.resolve("proc/131"), host.resolve("proc/135"));
        Files.writeString(host.resolve("proc/135/cgroup"), "0::/lxc.payload." + LXC + "\n");
        Files.writeString(host.resolve("proc/135/stat"), Files.readString(host.resolve("proc/131/stat"))
                .replaceFirst("^131 ", "135 "));
        Files.write(host.resolve("proc/132/cmdline"), new byte[0]);
        Path status = host.resolve("proc/132/status");
        byte[] rest = Files.readAllBytes(status);
        int nl = indexOf(rest, (byte) '\n');
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes("Name:\t".getBytes(StandardCharsets.US_ASCII));
        s.writeBytes(Hostile.bytes());
        s.write(rest, nl, rest.length - nl);
        Files.write(status, s.toByteArray());
        return host;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** What a run printed, as the bytes it would have written: text as UTF-8, surrogate escapes as their bytes. */
    private static byte[] bytes(String printed) {
        return Utf8.encode(printed);
    }

    @Test
    void inspectShowsTheCommandLineNameAndOverlayPathsEscaped() throws IOException {
        Path host = hostileHost();
        InProcess.Run text = InProcess.jtop("--host-root", host.toString(), "inspect", "-d", "0", DOCKER);
        assertEquals(0, text.exit(), text.err());
        Hostile.assertSafe("inspect", bytes(text.out()));
        assertTrue(text.out().contains("L".repeat(50_000)), "the 50 KB line is there, whole");
        String upper = text.out().lines().filter(l -> l.startsWith("  Upper:")).findFirst().orElseThrow();
        assertTrue(upper.endsWith("/var/lib/docker/overlay2/xhostile \\x1b]0;PWN\\x07 \\x1b[2J \\x1bP+q544e\\x1b "
                + "\\u009b2J \\x9b3J \\u202etxt.exe <\\xff\\xfe> [\\xe2\\x82]/diff"), upper);

        InProcess.Run named = InProcess.jtop("--host-root", host.toString(), "inspect", "-d", "0", PODMAN);
        assertEquals(0, named.exit(), named.err());
        Hostile.assertSafe("inspect of a process known by its name", bytes(named.out()));
    }

    @Test
    void inspectJsonGivesTheBytesBackExactly() throws IOException {
        Path host = hostileHost();
        InProcess.Run r = InProcess.jtop("--host-root", host.toString(), "inspect", "--json", "-d", "0", DOCKER);
        assertEquals(0, r.exit(), r.err());
        Hostile.assertNothingRaw("inspect --json", bytes(r.out()));
        JsonNode i = new ObjectMapper().readTree(r.out());
        assertEquals("sh -c " + Utf8.decode(Hostile.longLine()), i.get("processes").get(0).get("command").asText(),
                "the command line, bytes that are not UTF-8 as \\udcNN");
        assertTrue(r.out().contains("\\u001B]0;PWN\\u0007"), "ESC and BEL by JSON's grammar");
        assertTrue(r.out().contains("\\u009B2J") && r.out().contains("\\u202Etxt"), "C1 and bidi too");
        assertTrue(r.out().contains("<\\uDCFF\\uDCFE>") && r.out().contains("\\uDC9B3J"),
                "a byte that is not UTF-8 as its surrogate escape");
        assertEquals("/var/lib/docker/overlay2/x" + Utf8.decode(UPPER) + "/diff",
                i.get("overlay").get("upperdir").asText(), "mountinfo's path, decoded as UTF-8");
    }

    @Test
    void psAndTopPrintNothingRaw() throws IOException {
        Path host = hostileHost();
        for (List<String> args : List.of(List.of("ps", "-d", "0"), List.of("ps", "--json", "-d", "0"),
                List.of("top", "-b", "-n", "1", "-d", "0.1"), List.of("top", "-b", "--json", "-n", "1", "-d", "0.1"))) {
            List<String> all = new ArrayList<>(List.of("--host-root", host.toString()));
            all.addAll(args);
            InProcess.Run r = InProcess.jtop(all.toArray(String[]::new));
            assertEquals(0, r.exit(), args + ": " + r.err());
            Hostile.assertNothingRaw(String.join(" ", args), bytes(r.out() + r.err()));
            String name = args.contains("--json") ? "n\\u001B]0;PWN\\u0007\\u001B[2J\\u001BP+q544e\\u001B\\\\-\\u009B2J\\u202Etxt"
                    : "n\\x1b]0;PWN\\x07\\x1b[2J\\x1bP+q544e\\x1b\\-\\u009b2J\\u202etxt";
            assertTrue(r.out().contains(name), args + " shows the LXC container's name escaped: " + r.out());
        }
    }

    @Test
    void aContainerNameIsCheckedAsDockerChecksIt() {
        String name = "n\u001B]0;PWN\u0007\u001B[2J";
        InProcess.Run r = InProcess.jtopIn(tmp, "run", "--name", name, "bb");
        assertEquals(1, r.exit(), r.err());
        assertEquals("jtop: invalid container name 'n\\x1b]0;PWN\\x07\\x1b[2J': a name is a letter or digit, then "
                + "letters, digits, '_', '.' or '-' (as Docker's)\n", r.err());
        for (String bad : List.of(Hostile.text(), "-x", ".x", "a b", "a/b", "é", "")) {
            InProcess.Run b = InProcess.jtopIn(tmp, "run", "--name", bad, "bb");
            assertEquals(1, b.exit(), bad);
            assertTrue(b.err().startsWith("jtop: invalid container name '") && b.err().lines().count() == 1, b.err());
            Hostile.assertNothingRaw("the error", bytes(b.err()));
        }
        InProcess.Run hostile = InProcess.jtopIn(tmp, "run", "--name", Hostile.text(), "bb");
        Hostile.assertEscaped("the error", hostile.err());
    }

    @Test
    void anImageReferenceIsCheckedByTheDistributionGrammar() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("rootfs"));
        for (String bad : List.of(Hostile.text(), "Upper:tag", "a:" + "t".repeat(129), "a::b", "_a", "a//b", "a:-x",
                "a@sha256:abc", "a".repeat(256), "x".repeat(60_000))) {
            for (List<String> args : List.of(List.of("run", bad), List.of("image", "inspect", bad),
                    List.of("image", "import", dir.toString(), bad))) {
                List<String> all = new ArrayList<>(args);
                InProcess.Run r = InProcess.jtopIn(tmp, all.toArray(String[]::new));
                String what = args.get(0) + " " + (bad.length() > 20 ? bad.substring(0, 20) + "…" : bad);
                assertEquals(1, r.exit(), what + ": " + r.err());
                assertTrue(r.err().startsWith("jtop: invalid image reference '") && r.err().lines().count() == 1,
                        what + ": " + r.err());
                Hostile.assertNothingRaw(what, bytes(r.err()));
            }
        }
        assertTrue(InProcess.jtopIn(tmp, "image", "inspect", "Upper").err().endsWith("must be lower case\n"));
        Hostile.assertEscaped("the error", InProcess.jtopIn(tmp, "run", Hostile.text()).err());
        for (String good : List.of("busybox", "busybox:1.36", "library/busybox:latest", "localhost:5000/a/b_c__d-e.f:t",
                "[::1]:5000/x", "reg.example.com/x@sha256:" + "ab".repeat(32), "a".repeat(255))) {
            InProcess.Run r = InProcess.jtopIn(tmp, "image", "inspect", good);
            assertEquals("jtop: no image matches '" + good + "'\n", r.err(), good);
        }
    }

    @Test
    void namesFromAnArchiveAreCheckedBeforeAnyLayerIsUnpacked() throws IOException {
        Path save = Files.createDirectories(tmp.resolve("save"));
        Files.writeString(save.resolve("config.json"), "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        // JSON's escapes carry the corpus, its bytes that are not UTF-8 as surrogate escapes.
        Files.writeString(save.resolve("manifest.json"), Output.json(List.of(Map.of(
                "Config", "config.json", "RepoTags", List.of("ok:1", Hostile.text()), "Layers", List.of())), false));
        InProcess.Run r = InProcess.jtopIn(tmp, "image", "import", save.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("jtop: manifest.json's RepoTags: invalid image reference 'hostile \\x1b]0;PWN"),
                r.err());
        assertTrue(r.err().endsWith("(import it under a name of your own: jtop image import SOURCE NAME)\n"), r.err());
        Hostile.assertSafe("the error", bytes(r.err()));
        assertTrue(InProcess.jtopIn(tmp, "images").out().lines().count() <= 1, "nothing imported");

        Path oci = OciLayout.write(tmp.resolve("oci"), "v1\u001B]0;PWN\u0007\u202E", List.of());
        InProcess.Run o = InProcess.jtopIn(tmp, "image", "import", oci.toString());
        assertEquals(1, o.exit(), o.err());
        assertTrue(o.err().startsWith("jtop: index.json's org.opencontainers.image.ref.name: invalid image reference"),
                o.err());
        Hostile.assertNothingRaw("the error", bytes(o.err()));
        assertTrue(o.err().contains("'oci:v1\\x1b]0;PWN\\x07\\u202e'"), o.err());
    }

    @Test
    void anEngineOrRuntimeMessageIsEscapedIntoOneLine() {
        StringWriter err = new StringWriter();
        Failures.failure(new IllegalStateException("docker: " + Hostile.text() + "\nsecond line"),
                new PrintWriter(err, true));
        Hostile.assertSafe("the message", bytes(err.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().endsWith("\\x0asecond line\n"));
    }

    @Test
    void tableCellsAndJsonStringsAreEscapedEachByItsGrammar() throws IOException {
        String table = new Table("NAME", "VALUE").add("a\nb", Hostile.text()).render();
        Hostile.assertSafe("a table", bytes(table));
        assertEquals(2, table.lines().count(), "a newline in a cell does not start a row");
        String json = Output.json(Map.of("k", Hostile.text() + "\u007F\u2028\u2066\uD83D\uDE80"), false);
        Hostile.assertNothingRaw("JSON", bytes(json));
        assertFalse(json.chars().anyMatch(c -> c >= 0x7F), "JSON of the corpus is ASCII: " + json);
        assertEquals(Hostile.text() + "\u007F\u2028\u2066\uD83D\uDE80", new ObjectMapper().readTree(json).get("k").asText());
    }
}
