package io.jtop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The capabilities the systemd unit and the DaemonSet keep are the ones reading a container takes, and
 * each is needed: as root with only those in the bounding set (capsh, as systemd's CapabilityBoundingSet
 * and Kubernetes' drop ALL + add leave it), the reads jtop makes of a container running as uid 1000
 * succeed; without either one, some fail. As root, with dockerd.
 */
class ReadingCapabilitiesIT {
    private static final Path UNIT = Path.of("packaging/systemd/jtop-serve.service");
    private static final Path MANIFEST = Path.of("packaging/kubernetes/jtop-daemonset.yaml");

    private String id;
    private Map<String, String> reads;

    @BeforeEach
    void containerOfAnotherUser() {
        Host.requireRoot();
        Host.requireCommand("capsh");
        String image = DockerFixture.image();
        // A process of uid 1000 with a file open, and a file of its own that only it may read.
        id = DockerFixture.run("--user", "1000:1000", "--network", "none", image,
                "sh", "-c", "umask 077; echo mine >/tmp/own; exec 3</etc/passwd; exec sleep 600");
        int pid = DockerFixture.inspect(id).path("State").path("Pid").asInt();
        String p = "/proc/" + pid;
        reads = new LinkedHashMap<>();
        reads.put("its open files (" + p + "/fd, mode 0500)", "ls " + p + "/fd");
        reads.put("what an open file is (" + p + "/fd/3)", "readlink " + p + "/fd/3");
        reads.put("its namespaces (" + p + "/ns/net)", "readlink " + p + "/ns/net");
        reads.put("its own file (" + p + "/root/tmp/own, 0600)", "cat " + p + "/root/tmp/own");
    }

    @AfterEach
    void remove() {
        if (id != null) {
            DockerFixture.remove(id);
        }
    }

    @Test
    void theUnitAndTheManifestKeepTheSameCapabilities() throws IOException {
        assertEquals(unitCapabilities(), manifestCapabilities());
    }

    @Test
    void readingTakesExactlyTheseCapabilities() throws Exception {
        Set<String> kept = unitCapabilities();
        assertEquals(Map.of(), failures(kept), "reads that fail with " + kept);
        for (String without : kept) {
            Set<String> fewer = new TreeSet<>(kept);
            fewer.remove(without);
            assertNotEquals(Map.of(), failures(fewer), "every read works without " + without + ": drop it");
        }
    }

    /** The reads that fail as root with only {@code kept} in the bounding set, with what they printed. */
    private Map<String, String> failures(Set<String> kept) throws Exception {
        String drop = Arrays.stream(boundingSet().split(","))
                .filter(c -> !kept.contains(c.toUpperCase(Locale.ROOT)))
                .collect(Collectors.joining(","));
        Map<String, String> failed = new LinkedHashMap<>();
        for (Map.Entry<String, String> read : reads.entrySet()) {
            ToolRun r = ToolRun.of(List.of("capsh", "--drop=" + drop, "--", "-c", read.getValue()));
            if (r.exit() != 0) {
                failed.put(read.getKey(), r.stderr().strip());
            }
        }
        return failed;
    }

    private static String boundingSet() throws Exception {
        ToolRun r = ToolRun.of(List.of("capsh", "--print"));
        return r.stdout().lines().filter(l -> l.startsWith("Bounding set ="))
                .map(l -> l.substring("Bounding set =".length()).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no bounding set in: " + r.describe()));
    }

    private static Set<String> unitCapabilities() throws IOException {
        String line = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("CapabilityBoundingSet="))
                .findFirst().orElseThrow();
        return new TreeSet<>(List.of(line.substring("CapabilityBoundingSet=".length()).split(" ")));
    }

    /** The DaemonSet's added capabilities, with the CAP_ prefix Kubernetes leaves out. */
    private static Set<String> manifestCapabilities() throws IOException {
        Set<String> caps = new TreeSet<>();
        MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(MANIFEST.toFile());
        for (JsonNode doc : docs.readAll()) {
            for (JsonNode c : doc.at("/spec/template/spec/containers")) {
                c.at("/securityContext/capabilities/add").forEach(a -> caps.add("CAP_" + a.asText()));
            }
        }
        return caps;
    }
}
