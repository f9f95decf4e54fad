package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Hostile;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jtop.testing.KubernetesFixture.V2;
import static io.jtop.testing.KubernetesFixture.V2_PROCESS;
import static io.jtop.testing.KubernetesFixture.process;
import static io.jtop.testing.KubernetesFixture.spec;
import static io.jtop.testing.KubernetesFixture.v2Cgroup;
import static io.jtop.testing.KubernetesFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ps} on a fixture node (cgroup v2, systemd driver, containerd) whose pod was named by a
 * hostile pod spec: the Kubernetes columns and keys, and every name escaped where it is printed.
 */
class KubernetesPsTest {

    private static final String ID = "7e".repeat(32);
    private static final String UID = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
    private static final String POD = "/kubepods.slice/kubepods-pod" + UID.replace('-', '_') + ".slice";

    @TempDir
    Path root;

    @Test
    void psShowsTheKubernetesNamesEscaped() throws IOException {
        copyV2();
        process(root, V2, V2_PROCESS, 3101, "app", 1, List.of(v2Cgroup(root, POD + "/cri-containerd-" + ID + ".scope")));
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("io.kubernetes.cri.container-type", ascii("container"));
        a.put("io.kubernetes.cri.sandbox-name", Hostile.bytes());
        a.put("io.kubernetes.cri.sandbox-namespace", ascii("team"));
        a.put("io.kubernetes.cri.sandbox-uid", ascii(UID));
        a.put("io.kubernetes.cri.container-name", ascii("app"));
        a.put("io.kubernetes.cri.image-name", ascii("registry.example/app:2"));
        write(root.resolve("run/containerd/io.containerd.runtime.v2.task/k8s.io/" + ID + "/config.json"), spec(a));

        InProcess.Run table = InProcess.jtop("--host-root", root.toString(), "ps", "-d", "0");
        assertEquals(0, table.exit(), table.err());
        Hostile.assertNothingRaw("ps", table.out().getBytes(StandardCharsets.UTF_8));
        assertTrue(table.out().contains("team/hostile \\x1b]0;PWN\\x07"), table.out());

        InProcess.Run json = InProcess.jtop("--host-root", root.toString(), "ps", "--json", "-d", "0");
        assertEquals(0, json.exit(), json.err());
        Hostile.assertNothingRaw("ps --json", json.out().getBytes(StandardCharsets.UTF_8));
        JsonNode row = null;
        for (JsonNode r : json.json()) {
            row = ID.equals(r.get("id").asText()) ? r : row;
        }
        assertEquals("team/" + Hostile.text() + "/app", row.get("name").asText());
        assertEquals(Hostile.text(), row.get("pod").asText());
        assertEquals("team", row.get("pod_namespace").asText());
        assertEquals(UID, row.get("pod_uid").asText());
        assertEquals("guaranteed", row.get("qos").asText());
        assertEquals(POD, row.get("pod_cgroup").asText());
        assertEquals(false, row.get("sandbox").asBoolean());
        assertEquals("registry.example/app:2", row.get("image").asText());
    }

    private void copyV2() throws IOException {
        Trees.copy(V2, root);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
