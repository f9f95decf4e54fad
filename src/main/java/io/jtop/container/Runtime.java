package io.jtop.container;

/** Which engine started a container, as the stable JSON and table name says it. */
public enum Runtime {
    DOCKER("docker"),
    PODMAN("podman"),
    CONTAINERD("containerd"),
    CRIO("cri-o"),
    LXC("lxc"),
    NSPAWN("nspawn"),
    JTOP("jtop"),
    UNKNOWN("unknown");

    private final String label;

    Runtime(String label) {
        this.label = label;
    }

    /** The name used in tables and JSON. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
