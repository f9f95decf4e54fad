package io.jtop.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes nodes made from the cgroup fixtures: pods' cgroups, their processes and the bundle
 * specs their runtime keeps, under an injected root.
 */
public final class KubernetesFixture {

    /** The captured cgroup v2 host (systemd driver). */
    public static final Path V2 = Path.of("src/test/resources/fixtures/cgroup-v2-debian12-6.1");
    /** The captured cgroup v1 hybrid host. */
    public static final Path V1 = Path.of("src/test/resources/fixtures/cgroup-v1-debian12-hybrid");
    /** A container's cgroup and process in each capture, copied for each new container. */
    public static final String V2_CGROUP = "system.slice/docker-a01ea2828a4456f3ddbb0f9c132daeee8d65fc3d0804faf35ed272b500bce17e.scope";
    public static final String V2_PROCESS = "131";
    public static final String V1_CGROUP = "docker/a0fdeb04c01ed567018b581154369964b56a54cd314d950c9761a0ead01aec5a";
    public static final String V1_PROCESS = "16992";
    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "blkio",
            "devices", "freezer", "systemd");

    private KubernetesFixture() {
    }

    /** The cgroup {@code path} (absolute, as the kernel shows it) on a copy of {@link #V2}; returns its directory. */
    public static Path v2Cgroup(Path root, String path) throws IOException {
        Path cg = root.resolve("sys/fs/cgroup");
        Path to = cg.resolve(path.substring(1));
        Trees.copy(cg.resolve(V2_CGROUP), to);
        return to;
    }

    /** The cgroup {@code path} in every v1 hierarchy of a copy of {@link #V1}; returns its directories. */
    public static List<Path> v1Cgroup(Path root, String path) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String controller : V1_CONTROLLERS) {
            Path from = root.resolve("sys/fs/cgroup/" + controller + "/" + V1_CGROUP);
            if (Files.isDirectory(from)) {
                Path to = root.resolve("sys/fs/cgroup/" + controller + path);
                Trees.copy(from, to);
                dirs.add(to);
            }
        }
        return dirs;
    }

    /**
     * A process of {@code fixture} ({@code template}, one of its pids) copied under a new pid,
     * command name and parent, the only process of each of {@code cgroups}.
     */
    public static void process(Path root, Path fixture, String template, int pid, String comm, int ppid,
                               List<Path> cgroups) throws IOException {
        Path dir = root.resolve("proc/" + pid);
        Trees.copy(fixture.resolve("proc/" + template), dir);
        String stat = Files.readString(dir.resolve("stat"));
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") " + rest[0] + " " + ppid + " " + rest[2]);
        for (Path cg : cgroups) {
            Files.writeString(cg.resolve("cgroup.procs"), pid + "\n");
            if (Files.exists(cg.resolve("tasks"))) {
                Files.writeString(cg.resolve("tasks"), pid + "\n");
            }
        }
    }

    /**
     * An OCI spec with these annotations, each value written as its raw bytes between quotes
     * (only {@code "} and {@code \} escaped: control characters and invalid UTF-8 stay raw).
     */
    public static byte[] spec(Map<String, byte[]> annotations) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii("{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"/pause\"],\"env\":[\"A=1\"]},\"annotations\":{"));
        String sep = "";
        for (Map.Entry<String, byte[]> e : annotations.entrySet()) {
            b.writeBytes(ascii(sep + "\"" + e.getKey() + "\":\""));
            for (byte x : e.getValue()) {
                if (x == '"' || x == '\\') {
                    b.write('\\');
                }
                b.write(x);
            }
            b.write('"');
            sep = ",";
        }
        b.writeBytes(ascii("},\"linux\":{\"namespaces\":[{\"type\":\"pid\"}]}}"));
        return b.toByteArray();
    }

    /** An OCI spec with these annotations, plain text. */
    public static byte[] specOf(Map<String, String> annotations) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        annotations.forEach((k, v) -> raw.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return spec(raw);
    }

    /** Writes a file, its directories first. */
    public static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
