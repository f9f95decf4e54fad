package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import io.jtop.testing.Hostile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker Compose projects, live: Debian's docker-compose (1.29) brings up a project of two
 * services (one scaled to two) against the real dockerd, from the test image, and jtop names each
 * container's project, service and number as the labels Compose wrote. Then hostile Compose labels
 * (escape sequences, invalid UTF-8, a 1 MB project, container numbers that are not one), made
 * through the engine's API as any client could: a clear result, nothing lost, escaped where printed.
 */
class ComposeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    /** The corpus as a label can carry it: the pieces that are UTF-8. */
    private static final String VALID = String.join(" ", Stream.of(Hostile.OSC_TITLE, Hostile.CLEAR,
            Hostile.DCS, Hostile.C1_CHAR, Hostile.RLO).map(p -> new String(p.bytes(), StandardCharsets.UTF_8)).toList());

    @TempDir
    Path tmp;

    private String project;
    private Path composeFile;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void requireDocker() {
        EngineCli.DOCKER.require();
        DockerFixture.image();
        project = "j16c" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @AfterEach
    void cleanUp() {
        try {
            if (composeFile != null) {
                Host.run("docker-compose", "-p", project, "-f", composeFile.toString(), "down", "-t", "0");
            }
        } finally {
            created.forEach(DockerFixture::remove);
        }
    }

    @Test
    void aComposeProjectsContainersHaveTheirProjectServiceAndNumber() throws Exception {
        Host.requireCommand("docker-compose");
        composeFile = tmp.resolve("docker-compose.yml");
        String service = """
                    image: %s
                    command: ["sleep", "100000"]
                    network_mode: none
                    labels:
                      jtop-test: "1"
                """.formatted(DockerFixture.IMAGE);
        Files.writeString(composeFile, "version: \"2.4\"\nservices:\n  web:\n" + service + "    scale: 2\n  db:\n"
                + service);
        Host.run("docker-compose", "-p", project, "-f", composeFile.toString(), "up", "-d");

        // What Compose wrote, as docker tells it: name, service, number.
        Set<String> written = new TreeSet<>(Host.run("docker", "ps", "-a", "--filter",
                "label=com.docker.compose.project=" + project, "--format",
                "{{.Names}} {{.Label \"com.docker.compose.service\"}} {{.Label \"com.docker.compose.container-number\"}}")
                .strip().lines().toList());
        assertEquals(3, written.size(), "web twice and db: " + written);

        InProcess.Run ps = jtop("ps", "-a", "--json", "-d", "0");
        assertEquals(0, ps.exit(), ps.err());
        Set<String> shown = new TreeSet<>();
        for (JsonNode row : ps.json()) {
            if (project.equals(row.path("project").asText(null))) {
                assertEquals("docker", row.path("runtime").asText());
                assertEquals(project, row.path("compose_project").asText());
                assertEquals(row.path("service").asText(), row.path("compose_service").asText());
                assertTrue(row.path("pod").isNull(), "a Compose project is no pod: " + row);
                shown.add(row.path("name").asText() + " " + row.path("service").asText() + " "
                        + row.path("number").asText());
            }
        }
        assertEquals(written, shown, "jtop ps --json: each container's project, service and number");

        String web2 = written.stream().filter(l -> l.endsWith(" web 2")).findFirst().orElseThrow().split(" ")[0];
        InProcess.Run inspect = jtop("inspect", "-d", "0", web2);
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("Compose:             " + project + " / web #2\n"), inspect.out());
        JsonNode json = jtop("inspect", "--json", "-d", "0", web2).json();
        assertEquals(project, json.path("project").asText());
        assertEquals("web", json.path("service").asText());
        assertEquals(2, json.path("number").asInt());
    }

    @Test
    void escapeSequencesInComposeLabelsAreKeptExactlyAndPrintedEscaped() throws Exception {
        String name = project + "-esc";
        create(name, labelsJson(Map.of("com.docker.compose.project", VALID, "com.docker.compose.service", VALID,
                "com.docker.compose.container-number", "\u001B[2J")));
        JsonNode row = row(name);
        assertEquals(VALID, row.path("project").asText(), "the project exactly");
        assertEquals(VALID, row.path("service").asText());
        assertTrue(row.path("number").isNull(), "no number: " + row.path("number"));

        InProcess.Run inspect = jtop("inspect", "-d", "0", name);
        assertClear(inspect);
        Hostile.assertNothingRaw("inspect", inspect.out().getBytes(StandardCharsets.UTF_8));
        String compose = line(inspect.out(), "Compose:");
        assertTrue(compose.contains("\\x1b]0;PWN\\x07 \\x1b[2J \\x1bP+q544e\\x1b\\ \\u009b2J \\u202etxt.exe / "),
                "project and service escaped on one line: " + compose);
        InProcess.Run table = jtop("ps", "-a", "-d", "0");
        assertClear(table);
        Hostile.assertNothingRaw("ps", table.out().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8InComposeLabelsComesAsTheEngineReplacedIt() throws Exception {
        String name = project + "-utf8";
        // Raw bytes in the request's JSON, as a client could send them: dockerd stores U+FFFD for each.
        byte[] labels = concat("{\"com.docker.compose.project\":\"p<".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, (byte) 0xfe}, ">\",\"com.docker.compose.service\":\"w".getBytes(
                        StandardCharsets.US_ASCII), new byte[] {(byte) 0xe2, (byte) 0x82},
                "\",\"jtop-test\":\"1\"}".getBytes(StandardCharsets.US_ASCII));
        create(name, labels);
        JsonNode row = row(name);
        assertEquals("p<\uFFFD\uFFFD>", row.path("project").asText());
        String service = row.path("service").asText();
        assertTrue(service.matches("w\uFFFD+"), service);
        InProcess.Run inspect = jtop("inspect", "-d", "0", name);
        assertClear(inspect);
        Hostile.assertNothingRaw("inspect", inspect.out().getBytes(StandardCharsets.UTF_8));
        assertEquals("Compose:             p<\uFFFD\uFFFD> / " + service, line(inspect.out(), "Compose:"));
    }

    @Test
    void aOneMegabyteProjectIsShownWhole() throws Exception {
        String name = project + "-big";
        String big = "p".repeat(1 << 20);
        create(name, labelsJson(Map.of("com.docker.compose.project", big, "com.docker.compose.service", "web",
                "com.docker.compose.container-number", "3")));
        JsonNode row = row(name);
        assertEquals(big, row.path("project").asText(), "nothing lost");
        assertEquals(3, row.path("number").asInt());
        InProcess.Run inspect = jtop("inspect", "-d", "0", name);
        assertClear(inspect);
        assertEquals("Compose:             " + big + " / web #3", line(inspect.out(), "Compose:"), "on one line");
    }

    @Test
    void aContainerNumberThatIsNotOneIsNoNumber() throws Exception {
        for (String number : List.of("one", "-1", "99999999999", "1e3", " 2", "")) {
            String name = project + "-n" + created.size();
            create(name, labelsJson(Map.of("com.docker.compose.project", project, "com.docker.compose.service", "web",
                    "com.docker.compose.container-number", number)));
        }
        InProcess.Run ps = jtop("ps", "-a", "--json", "-d", "0");
        assertClear(ps);
        int seen = 0;
        for (JsonNode row : ps.json()) {
            if (project.equals(row.path("project").asText(null))) {
                seen++;
                assertEquals("web", row.path("service").asText());
                assertTrue(row.path("number").isNull(), "no number: " + row.path("labels"));
                InProcess.Run inspect = jtop("inspect", "-d", "0", row.path("id").asText());
                assertClear(inspect);
                assertEquals("Compose:             " + project + " / web", line(inspect.out(), "Compose:"));
            }
        }
        assertEquals(6, seen, ps.out());
    }

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    /** jtop's JSON row of a container, by name. */
    private JsonNode row(String name) throws IOException {
        InProcess.Run ps = jtop("ps", "-a", "--json", "-d", "0");
        assertClear(ps);
        return InProcess.row(ps.json(), name);
    }

    /** Exit 0 and nothing on stderr: no stack trace, no parser's message. */
    private static void assertClear(InProcess.Run r) {
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    /** The line of {@code text} that starts with {@code key}. */
    private static String line(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " line in: " + text));
    }

    private static byte[] labelsJson(Map<String, String> labels) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("jtop-test", "1");
        return JSON.writeValueAsBytes(all);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /**
     * Creates (not starts) a container of the test image with these labels (a JSON object's bytes)
     * through dockerd's API, as any client could: the docker CLI cannot carry invalid UTF-8 or a
     * label of 1 MB.
     */
    private void create(String name, byte[] labels) throws IOException {
        byte[] body = concat(("{\"Image\":\"" + DockerFixture.IMAGE
                + "\",\"Cmd\":[\"sleep\",\"100000\"],\"HostConfig\":{\"NetworkMode\":\"none\"},\"Labels\":")
                .getBytes(StandardCharsets.US_ASCII), labels, "}".getBytes(StandardCharsets.US_ASCII));
        byte[] head = ("POST /containers/create?name=" + name + " HTTP/1.0\r\nHost: docker\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        String answer;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(DOCKER_SOCKET));
            ByteBuffer out = ByteBuffer.wrap(concat(head, body));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            answer = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!answer.startsWith("HTTP/1.0 201") && !answer.startsWith("HTTP/1.1 201")) {
            throw new AssertionError("dockerd did not create " + name + ": " + answer);
        }
        String json = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        created.add(JSON.readTree(json).path("Id").asText());
    }
}
