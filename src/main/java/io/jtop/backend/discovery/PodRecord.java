package io.jtop.backend.discovery;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a Kubernetes runtime recorded of one container on the node: its pod, its name in the pod,
 * its image and whether it is the pod's sandbox (the pause container that holds the pod's
 * namespaces). Pure: built from a bundle's annotations or a {@code /var/log/pods} directory's
 * name. Any field is null where the record does not tell it.
 *
 * @param namespace    the pod's namespace
 * @param pod          the pod's name
 * @param uid          the pod's uid
 * @param container    the container's name in the pod; null for the sandbox
 * @param image        the image the kubelet asked for
 * @param sandbox      whether it is the pod's sandbox
 * @param restartCount how often the kubelet restarted this container (its attempt number)
 * @param labels       the {@code io.kubernetes.*} annotations
 * @param logDirectory the pod's log directory as containerd records it (the kubelet's
 *                     {@code /var/log/pods/<namespace>_<pod>_<uid>}), an absolute path on the node; containerd
 *                     records it in the sandbox's spec only
 * @param sandboxId    the id of the pod's sandbox
 */
record PodRecord(String namespace, String pod, String uid, String container, String image, boolean sandbox,
                 Integer restartCount, Map<String, String> labels, String logDirectory, String sandboxId) {

    /** containerd's CRI plugin (pkg/cri/annotations). */
    static final String CRI_TYPE = "io.kubernetes.cri.container-type";
    static final String CRI_POD = "io.kubernetes.cri.sandbox-name";
    static final String CRI_NAMESPACE = "io.kubernetes.cri.sandbox-namespace";
    static final String CRI_UID = "io.kubernetes.cri.sandbox-uid";
    static final String CRI_CONTAINER = "io.kubernetes.cri.container-name";
    static final String CRI_IMAGE = "io.kubernetes.cri.image-name";
    static final String CRI_LOGS = "io.kubernetes.cri.sandbox-log-directory";
    static final String CRI_SANDBOX = "io.kubernetes.cri.sandbox-id";
    static final String CRIO_SANDBOX = "io.kubernetes.cri-o.SandboxID";
    /** CRI-O: the kubelet's labels and annotations copied onto the spec, and its own (pkg/annotations). */
    static final String POD = "io.kubernetes.pod.name";
    static final String NAMESPACE = "io.kubernetes.pod.namespace";
    static final String UID = "io.kubernetes.pod.uid";
    static final String CONTAINER = "io.kubernetes.container.name";
    static final String RESTARTS = "io.kubernetes.container.restartCount";
    static final String CRIO_TYPE = "io.kubernetes.cri-o.ContainerType";
    static final String CRIO_IMAGE = "io.kubernetes.cri-o.ImageName";
    static final String SANDBOX = "sandbox";
    /** The container name the kubelet gives a sandbox in its labels. */
    static final String SANDBOX_NAME = "POD";

    /**
     * The record in a bundle's annotations, containerd's keys before CRI-O's; null when they name
     * no pod (a container not made through CRI).
     */
    static PodRecord ofAnnotations(Map<String, String> a) {
        String pod = first(a, CRI_POD, POD);
        String uid = first(a, CRI_UID, UID);
        if (pod == null && uid == null) {
            return null;
        }
        String type = first(a, CRI_TYPE, CRIO_TYPE);
        boolean sandbox = SANDBOX.equals(type);
        String container = sandbox ? null : first(a, CRI_CONTAINER, CONTAINER);
        Map<String, String> labels = new TreeMap<>();
        a.forEach((k, v) -> {
            if (k.startsWith("io.kubernetes.")) {
                labels.put(k, v);
            }
        });
        return new PodRecord(first(a, CRI_NAMESPACE, NAMESPACE), pod, uid, container, first(a, CRI_IMAGE, CRIO_IMAGE),
                sandbox, count(a.get(RESTARTS)), labels, emptyToNull(a.get(CRI_LOGS)),
                first(a, CRI_SANDBOX, CRIO_SANDBOX));
    }

    /**
     * The pod a {@code /var/log/pods} directory is named for, {@code <namespace>_<pod>_<uid>}
     * (namespaces and pod names cannot hold a {@code _}), or null for any other name.
     */
    static PodRecord ofLogDirectory(String name) {
        String[] parts = name.split("_", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return new PodRecord(parts[0], parts[1], parts[2], null, null, false, null, Map.of(), null, null);
    }

    /** This record with what the pod's log directory adds: the container's name and restart count. */
    PodRecord withLogs(String name, Integer restarts) {
        return new PodRecord(namespace, pod, uid, container != null ? container : name, image, sandbox,
                restartCount != null ? restartCount : restarts, labels, logDirectory, sandboxId);
    }

    /** This record with the pod's log directory its sandbox's record tells. */
    PodRecord withLogDirectory(String directory) {
        return new PodRecord(namespace, pod, uid, container, image, sandbox, restartCount, labels, directory, sandboxId);
    }

    /** This record as the sandbox, which has no name in the pod and no logs. */
    PodRecord asSandbox() {
        return new PodRecord(namespace, pod, uid, null, image, true, restartCount, labels, logDirectory, sandboxId);
    }

    /** {@code namespace/pod/container}, or {@code namespace/pod} for the sandbox; null without a pod name. */
    String displayName(String fallbackMember) {
        if (pod == null) {
            return null;
        }
        String group = namespace == null ? pod : namespace + "/" + pod;
        if (sandbox) {
            return group;
        }
        String member = container != null ? container : fallbackMember;
        return member == null ? group : group + "/" + member;
    }

    /** A restart count as the kubelet writes it: a decimal of at most 9 digits, else null. */
    static Integer count(String s) {
        return s != null && s.matches("[0-9]{1,9}") ? Integer.valueOf(s) : null;
    }

    private static String first(Map<String, String> a, String key, String other) {
        String v = a.get(key);
        return v != null && !v.isEmpty() ? v : emptyToNull(a.get(other));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
