package io.jtop.backend.discovery;

import io.jtop.container.Container;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import io.jtop.linux.cgroup.Cgroups;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.testing.Host;
import io.jtop.testing.Trees;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.jtop.testing.KubernetesFixture.V1;
import static io.jtop.testing.KubernetesFixture.V1_PROCESS;
import static io.jtop.testing.KubernetesFixture.V2;
import static io.jtop.testing.KubernetesFixture.V2_PROCESS;
import static io.jtop.testing.KubernetesFixture.process;
import static io.jtop.testing.KubernetesFixture.specOf;
import static io.jtop.testing.KubernetesFixture.v1Cgroup;
import static io.jtop.testing.KubernetesFixture.v2Cgroup;
import static io.jtop.testing.KubernetesFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kubernetes nodes as fixture trees, through discovery as the host runs it: a cgroup v2 node with
 * the kubelet's systemd driver and containerd, and a cgroup v1 node with the systemd driver and
 * CRI-O. Each pod is a sandbox and a container, with the records their runtime keeps.
 */
class KubernetesNodeTest {

    static final String UID = "8c1a4e2f-6b3d-4f5a-9e7c-2d1b0a9f8e7d";
    static final String SANDBOX = "5a".repeat(32);
    static final String APP = "a9".repeat(32);

    @TempDir
    Path root;

    private KernelFiles files;

    @BeforeEach
    void setUp() {
        files = new KernelFiles(256);
    }

    @AfterEach
    void tearDown() {
        files.close();
    }

    @Test
    void containerdOnCgroupV2WithTheSystemdDriverNamesThePodAndItsContainers() throws IOException {
        Trees.copy(V2, root);
        String pod = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID.replace('-', '_') + ".slice";
        Path sandboxCg = v2Cgroup(root, pod + "/cri-containerd-" + SANDBOX + ".scope");
        Path appCg = v2Cgroup(root, pod + "/cri-containerd-" + APP + ".scope");
        // One shim for the pod (pid 3000), in the sandbox's bundle of a containerd whose state is not the default.
        String state = "/var/lib/rancher/k3s/agent/containerd/state/io.containerd.runtime.v2.task/k8s.io/";
        process(root, V2, V2_PROCESS, 3000, "containerd-shim", 1, List.of());
        Files.createSymbolicLink(root.resolve("proc/3000/cwd"), Path.of(state + SANDBOX));
        process(root, V2, V2_PROCESS, 3001, "pause", 3000, List.of(sandboxCg));
        process(root, V2, V2_PROCESS, 3002, "nginx", 3000, List.of(appCg));
        // The sandbox's bundle where containerd keeps it by default; the container's only beside the shim's.
        write(root.resolve("run/containerd/io.containerd.runtime.v2.task/k8s.io/" + SANDBOX + "/config.json"),
                specOf(Map.of("io.kubernetes.cri.container-type", "sandbox",
                        "io.kubernetes.cri.sandbox-id", SANDBOX,
                        "io.kubernetes.cri.sandbox-name", "web-0",
                        "io.kubernetes.cri.sandbox-namespace", "shop",
                        "io.kubernetes.cri.sandbox-uid", UID,
                        "io.kubernetes.cri.sandbox-log-directory", "/var/log/pods/shop_web-0_" + UID)));
        write(root.resolve(state.substring(1) + APP + "/config.json"),
                specOf(Map.of("io.kubernetes.cri.container-type", "container",
                        "io.kubernetes.cri.sandbox-id", SANDBOX,
                        "io.kubernetes.cri.sandbox-name", "web-0",
                        "io.kubernetes.cri.sandbox-namespace", "shop",
                        "io.kubernetes.cri.sandbox-uid", UID,
                        "io.kubernetes.cri.container-name", "nginx",
                        "io.kubernetes.cri.image-name", "docker.io/library/nginx:1.25",
                        "org.opencontainers.image.title", "not a kubernetes key")));
        for (String log : List.of("nginx/0.log", "nginx/1.log", "nginx/2.log")) {
            write(root.resolve("var/log/pods/shop_web-0_" + UID + "/" + log), new byte[0]);
        }

        CgroupDiscovery discovery = new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files), 6);
        Map<String, Container> listed = byId(discovery.list(false));

        Container sandbox = listed.get(SANDBOX);
        assertEquals("shop/web-0", sandbox.name());
        assertEquals(Membership.kubernetes("shop", "web-0", UID, "burstable", pod, true, null), sandbox.membership());
        Container app = listed.get(APP);
        assertEquals("shop/web-0/nginx", app.name());
        assertEquals(Runtime.CONTAINERD, app.runtime());
        assertEquals("docker.io/library/nginx:1.25", app.image());
        assertEquals(Membership.kubernetes("shop", "web-0", UID, "burstable", pod, false, "nginx"), app.membership());
        assertEquals(2, app.details().restartCount(), "the highest of the container's logs");
        assertEquals("nginx", app.details().labels().get("io.kubernetes.cri.container-name"));
        assertNull(app.details().labels().get("org.opencontainers.image.title"), "only io.kubernetes.* keys");

        // Read once: the records gone, a container looked at again keeps its names; an unchanged one is the same object.
        Host.deleteTree(root.resolve("run/containerd"));
        Host.deleteTree(root.resolve("var/lib/rancher"));
        discovery.changed(app);
        Map<String, Container> again = byId(discovery.list(false));
        assertSame(sandbox, again.get(SANDBOX));
        assertEquals(app, again.get(APP));
    }

    @Test
    void crioOnCgroupV1WithTheSystemdDriverNamesThePodAndItsContainers() throws IOException {
        Trees.copy(V1, root);
        String pod = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID.replace('-', '_') + ".slice";
        List<Path> sandboxCg = v1Cgroup(root, pod + "/crio-" + SANDBOX + ".scope");
        List<Path> appCg = v1Cgroup(root, pod + "/crio-" + APP + ".scope");
        // CRI-O's conmon is each container's parent. The sandbox's state is under the default run
        // root; the container's under another, which its conmon's command line names.
        process(root, V1, V1_PROCESS, 4001, "pause", 4000, sandboxCg);
        process(root, V1, V1_PROCESS, 4002, "redis-server", 4003, appCg);
        String other = "var/run/crio-other/overlay-containers/" + APP + "/userdata";
        write(root.resolve("proc/4003/cmdline"), ("/usr/bin/conmon\0-c\0" + APP + "\0-b\0/" + other
                + "\0--log-path\0/var/log/pods/x/redis/3.log\0").getBytes(StandardCharsets.US_ASCII));
        String storage = "run/containers/storage/overlay-containers/";
        write(root.resolve(storage + SANDBOX + "/userdata/config.json"),
                specOf(Map.of("io.kubernetes.cri-o.ContainerType", "sandbox",
                        "io.kubernetes.pod.name", "cache-7d9f",
                        "io.kubernetes.pod.namespace", "kube-system",
                        "io.kubernetes.pod.uid", UID,
                        "io.kubernetes.container.name", "POD",
                        "io.kubernetes.cri-o.ImageName", "registry.k8s.io/pause:3.9")));
        write(root.resolve(other + "/config.json"),
                specOf(Map.of("io.kubernetes.cri-o.ContainerType", "container",
                        "io.kubernetes.pod.name", "cache-7d9f",
                        "io.kubernetes.pod.namespace", "kube-system",
                        "io.kubernetes.pod.uid", UID,
                        "io.kubernetes.container.name", "redis",
                        "io.kubernetes.container.restartCount", "3",
                        "io.kubernetes.cri-o.ImageName", "docker.io/library/redis:7")));

        Map<String, Container> listed = byId(new CgroupDiscovery(Cgroups.open(root, files), new ProcFs(root, files))
                .list(false));

        Container sandbox = listed.get(SANDBOX);
        assertEquals(Runtime.CRIO, sandbox.runtime());
        assertEquals("kube-system/cache-7d9f", sandbox.name());
        assertEquals("registry.k8s.io/pause:3.9", sandbox.image());
        assertEquals(Membership.kubernetes("kube-system", "cache-7d9f", UID, "besteffort", pod, true, null),
                sandbox.membership());
        Container app = listed.get(APP);
        assertEquals("kube-system/cache-7d9f/redis", app.name());
        assertEquals("docker.io/library/redis:7", app.image());
        assertEquals(3, app.details().restartCount());
        assertEquals(Membership.kubernetes("kube-system", "cache-7d9f", UID, "besteffort", pod, false, "redis"),
                app.membership());
        // The pod's cgroup holds both containers' cgroups.
        Path podDir = root.resolve("sys/fs/cgroup/memory" + pod);
        assertTrue(Files.isDirectory(podDir.resolve("crio-" + APP + ".scope")));
        assertTrue(Files.isDirectory(podDir.resolve("crio-" + SANDBOX + ".scope")));
    }

    private static Map<String, Container> byId(List<Container> listed) {
        return listed.stream().collect(Collectors.toMap(Container::id, c -> c));
    }
}
