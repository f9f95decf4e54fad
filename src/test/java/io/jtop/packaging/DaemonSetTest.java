package io.jtop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * packaging/kubernetes/jtop-daemonset.yaml parsed as YAML, and its pod's security held to what reading
 * needs: the node's process tree, its cgroups, /proc, /var/lib and /run read-only, a read-only root,
 * every capability dropped but the two reading takes. Whether a cluster admits it is for a cluster to
 * tell; there is none here.
 */
class DaemonSetTest {
    private static final Path MANIFEST = Path.of("packaging/kubernetes/jtop-daemonset.yaml");
    private static final Map<String, String> HOST_MOUNTS = Map.of(
            "/sys/fs/cgroup", "/sys/fs/cgroup", "/proc", "/host/proc", "/var/lib", "/var/lib", "/run", "/run");
    private static final Set<String> ADDED_CAPABILITIES = Set.of("SYS_PTRACE", "DAC_READ_SEARCH");
    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Mi|Gi)");
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([mg])");

    private static List<JsonNode> docs;
    private static JsonNode pod;

    @BeforeAll
    static void parse() throws IOException {
        docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(MANIFEST.toFile())) {
            it.forEachRemaining(docs::add);
        }
        JsonNode ds = docs.stream().filter(d -> d.path("kind").asText().equals("DaemonSet")).findFirst()
                .orElseThrow(() -> new AssertionError("no DaemonSet in " + MANIFEST));
        assertEquals("apps/v1", ds.path("apiVersion").asText());
        assertEquals(ds.at("/spec/selector/matchLabels"), ds.at("/spec/template/metadata/labels").deepCopy(),
                "the selector must match the pod's labels");
        pod = ds.at("/spec/template/spec");
    }

    @Test
    void seesTheNodesProcessesButNotItsNetworkOrIpc() {
        assertTrue(pod.path("hostPID").asBoolean(false), "hostPID");
        assertFalse(pod.path("hostNetwork").asBoolean(false), "hostNetwork");
        assertFalse(pod.path("hostIPC").asBoolean(false), "hostIPC");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no API token");
    }

    @Test
    void mountsTheNodesFilesReadOnlyAndWritesOnlyToAnEmptyDir() {
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Map<String, String> hostMounts = new HashMap<>();
        for (JsonNode c : containers()) {
            for (JsonNode m : c.path("volumeMounts")) {
                JsonNode v = volumes.get(m.path("name").asText());
                assertTrue(v != null, "mount of an undeclared volume: " + m);
                if (v.has("hostPath")) {
                    assertTrue(m.path("readOnly").asBoolean(false), "host path mounted writable: " + m);
                    hostMounts.put(v.at("/hostPath/path").asText(), m.path("mountPath").asText());
                } else {
                    assertTrue(v.has("emptyDir"), "a writable mount that is not an emptyDir: " + v);
                    assertEquals("/tmp", m.path("mountPath").asText());
                }
            }
        }
        assertEquals(HOST_MOUNTS, hostMounts);
        volumes.values().forEach(v -> assertTrue(!v.has("hostPath") || hostMounts.containsKey(v.at("/hostPath/path").asText()),
                "a host path mounted nowhere: " + v));
    }

    @Test
    void holdsOnlyTheCapabilitiesReadingNeeds() {
        for (JsonNode c : containers()) {
            JsonNode sc = c.path("securityContext");
            assertFalse(sc.path("privileged").asBoolean(false), "privileged");
            assertEquals(Boolean.FALSE, sc.path("allowPrivilegeEscalation").isBoolean() ? sc.path("allowPrivilegeEscalation").asBoolean() : null,
                    "allowPrivilegeEscalation must be false, not left to its default (true)");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem");
            assertEquals(Set.of("ALL"), strings(sc.at("/capabilities/drop")));
            assertEquals(ADDED_CAPABILITIES, strings(sc.at("/capabilities/add")));
            assertFalse(sc.has("procMount"), "procMount: the default masks stay");
            // Root by choice (podman's socket is root's alone): said, not left to the image.
            assertFalse(sc.path("runAsNonRoot").asBoolean(true), "runAsNonRoot stated");
        }
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
    }

    @Test
    void boundsItsResourcesAboveItsHeap() {
        for (JsonNode c : containers()) {
            for (String kind : List.of("requests", "limits")) {
                JsonNode r = c.path("resources").path(kind);
                assertFalse(r.path("cpu").asText().isEmpty(), kind + ".cpu");
                assertFalse(r.path("memory").asText().isEmpty(), kind + ".memory");
            }
            long limit = mebibytes(QUANTITY.matcher(c.at("/resources/limits/memory").asText()));
            String opts = "";
            for (JsonNode e : c.path("env")) {
                if (e.path("name").asText().equals("JTOP_JAVA_OPTS")) {
                    opts = e.path("value").asText();
                }
            }
            long heap = mebibytes(XMX.matcher(opts));
            assertTrue(2 * heap <= limit, "heap " + heap + " MiB leaves too little of the " + limit + " MiB limit");
        }
    }

    @Test
    void isScrapedOnThePortItListensOn() {
        JsonNode annotations = docs.stream().filter(d -> d.path("kind").asText().equals("DaemonSet")).findFirst()
                .orElseThrow().at("/spec/template/metadata/annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
        String port = annotations.path("prometheus.io/port").asText();
        for (JsonNode c : containers()) {
            List<String> args = new ArrayList<>();
            c.path("args").forEach(a -> args.add(a.asText()));
            assertEquals(List.of("serve", "--listen", "0.0.0.0:" + port), args);
            assertEquals(port, c.at("/ports/0/containerPort").asText());
            assertFalse(c.path("image").asText().endsWith(":latest"), "a pinned tag");
            assertNotEquals("", c.path("image").asText());
        }
    }

    private static List<JsonNode> containers() {
        List<JsonNode> all = new ArrayList<>();
        pod.path("initContainers").forEach(all::add);
        pod.path("containers").forEach(all::add);
        assertFalse(all.isEmpty(), "no container");
        return all;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    /** A memory figure in MiB from a matched "NNNMi"/"NNNGi" or "-XmxNNNm"/"-XmxNNNg". */
    private static long mebibytes(Matcher m) {
        assertTrue(m.find(), "no memory figure in " + m);
        long n = Long.parseLong(m.group(1));
        return m.group(2).toLowerCase().startsWith("g") ? n * 1024 : n;
    }
}
