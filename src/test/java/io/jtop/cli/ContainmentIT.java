package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.backend.local.LocalBackend;
import io.jtop.backend.local.LocalRuntime;
import io.jtop.container.Container;
import io.jtop.container.RunRequest;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.testing.Busybox;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jtop's containment against Docker's: one table of probes (the static C program
 * {@code probes/containment-probe.c}, built here with gcc) run as PID 1 of {@code docker run} and
 * of {@code jtop run} of the same image, with the same flags; the outcomes must be equal row by row.
 *
 * <p>Rows where Docker 20.10's profile and moby's current one (which jtop follows) differ are not
 * probed: io_uring, AF_ALG and AF_VSOCK sockets, pkey_alloc, name_to_handle_at, process_vm_readv.
 */
class ContainmentIT {
    private static final String IMAGE = "jtop-test-probe:latest";

    /** A profile in Docker's format: an errno, a capability condition and an argument rule. */
    private static final String DOCKER_PROFILE = """
            {"defaultAction": "SCMP_ACT_ALLOW",
             "syscalls": [
               {"names": ["keyctl", "add_key"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
               {"name": "unshare", "action": "SCMP_ACT_ERRNO", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
               {"names": ["personality"], "action": "SCMP_ACT_ERRNO",
                "args": [{"index": 0, "value": 262144, "op": "SCMP_CMP_EQ"}], "comment": "ADDR_NO_RANDOMIZE"}
             ]}
            """;

    @TempDir
    static Path tmp;

    private static boolean dockerImported;

    @BeforeAll
    static void buildTheProbeImage() throws Exception {
        Host.requireRoot();
        Host.requireDocker();
        Host.requireCommand("gcc");
        Host.requireCommand("conmon");
        Path rootfs = Busybox.rootfs(tmp.resolve("rootfs"));
        Path source = tmp.resolve("probe.c");
        try (InputStream in = ContainmentIT.class.getResourceAsStream("/probes/containment-probe.c")) {
            Files.write(source, in.readAllBytes());
        }
        Host.run("gcc", "-static", "-O1", "-o", rootfs.resolve("probe").toString(), source.toString(), "-pthread");
        Host.run("bash", "-c", "set -o pipefail; tar -C \"$1\" -c . | docker import - \"$2\"", "bash",
                rootfs.toString(), IMAGE);
        dockerImported = true;
        InProcess.Run imported = jtop("image", "import", rootfs.toString(), IMAGE);
        assertEquals(0, imported.exit(), imported.err());
        Files.writeString(tmp.resolve("profile.json"), DOCKER_PROFILE);
    }

    @AfterAll
    static void removeTheImage() {
        if (dockerImported) {
            Host.run("docker", "rmi", "-f", IMAGE);
        }
    }

    private static InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @Test
    void probesGiveDockersOutcomesRowByRow() throws IOException {
        String profile = tmp.resolve("profile.json").toString();
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put("default", List.of());
        configs.put("--privileged", List.of("--privileged"));
        configs.put("--cap-add SYS_ADMIN", List.of("--cap-add", "SYS_ADMIN"));
        configs.put("seccomp=unconfined", List.of("--security-opt", "seccomp=unconfined"));
        configs.put("seccomp=FILE", List.of("--security-opt", "seccomp=" + profile));

        Map<String, Map<String, String>> docker = new LinkedHashMap<>();
        Map<String, Map<String, String>> jtop = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (var c : configs.entrySet()) {
            docker.put(c.getKey(), dockerProbes(c.getKey(), c.getValue(), notes));
            InProcess.Run run = jtop(concat(List.of("run", "--rm"), c.getValue(), List.of(IMAGE, "/probe")));
            jtop.put(c.getKey(), run.exit() == 0 ? outcomes(run.out()) : Map.of("(jtop run)", "exit " + run.exit()
                    + ": " + run.err().strip().replace('\n', ' ')));
        }
        String table = table(configs.keySet(), docker, jtop);
        System.out.println(table + String.join("\n", notes));

        List<String> differences = new ArrayList<>();
        for (String config : configs.keySet()) {
            Map<String, String> d = docker.get(config);
            Map<String, String> j = jtop.get(config);
            assertTrue(d.size() > 30, config + ": docker ran too few probes: " + d);
            if (!d.equals(j)) {
                differences.add(config);
            }
        }
        assertEquals(List.of(), differences, "configurations whose rows differ, in this table:\n" + table);
        // The table cannot pass by everything failing.
        for (String mustWork : List.of("fork+exec", "thread", "socket-inet", "chown")) {
            assertEquals("ok", jtop.get("default").get(mustWork), mustWork);
        }
    }

    /**
     * Docker's outcomes. Docker 20.10 asks for every capability the kernel has for
     * {@code --privileged}; where root here does not hold them all, its runc cannot start such a
     * container, and the same powers are asked for one by one instead.
     */
    private static Map<String, String> dockerProbes(String config, List<String> flags, List<String> notes) {
        try {
            return outcomes(docker(flags));
        } catch (AssertionError e) {
            if (!flags.equals(List.of("--privileged")) || !e.getMessage().contains("unable to apply caps")) {
                throw e;
            }
        }
        List<String> spelt = new ArrayList<>(List.of("--cap-add", "ALL"));
        long lacking = ~ownCapabilities() & ((1L << (capLastCap() + 1)) - 1);
        if (lacking != 0) {
            // capsh --decode=HEX prints 0xHEX=cap_a,cap_b
            String names = Host.run("capsh", "--decode=" + Long.toHexString(lacking)).strip();
            for (String name : names.substring(names.indexOf('=') + 1).split(",")) {
                spelt.addAll(List.of("--cap-drop", name));
            }
        }
        spelt.addAll(List.of("--security-opt", "seccomp=unconfined", "--security-opt", "systempaths=unconfined",
                "--device-cgroup-rule", "a *:* rwm", "-v", "/sys:/sys"));
        notes.add("docker " + config + ": this dockerd cannot start a privileged container (root here lacks some "
                + "capabilities), so docker ran with " + String.join(" ", spelt));
        return outcomes(docker(spelt));
    }

    private static String docker(List<String> flags) {
        return Host.run(concat(List.of("docker", "run", "--rm", "--label", EngineCli.LABEL, "--network", "none"),
                flags, List.of(IMAGE, "/probe")));
    }

    /** The probe's lines, {@code NAME OUTCOME}, by name. */
    private static Map<String, String> outcomes(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                m.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return m;
    }

    private static String table(Iterable<String> configs, Map<String, Map<String, String>> docker,
            Map<String, Map<String, String>> jtop) {
        StringBuilder head = new StringBuilder(String.format("%-26s", "probe"));
        StringBuilder sub = new StringBuilder(String.format("%-26s", ""));
        for (String c : configs) {
            head.append(String.format("| %-23s", c));
            sub.append(String.format("| %-10s %-12s", "docker", "jtop"));
        }
        StringBuilder t = new StringBuilder(head).append('\n').append(sub).append('\n');
        List<String> rows = new ArrayList<>(docker.get("default").keySet());
        jtop.values().forEach(m -> m.keySet().stream().filter(k -> !rows.contains(k)).forEach(rows::add));
        for (String row : rows) {
            t.append(String.format("%-26s", row));
            for (String c : configs) {
                String d = docker.get(c).getOrDefault(row, "-");
                String j = jtop.get(c).getOrDefault(row, "-");
                t.append(String.format("| %-10s %-12s", d, d.equals(j) ? j : j + " ≠"));
            }
            t.append('\n');
        }
        return t.toString();
    }

    @Test
    void aJtopContainerRunsUnderAFilterWithoutNewPrivileges() throws IOException {
        assertEquals(0, jtop("run", "-d", "--name", "filtered", IMAGE, "sleep", "1000").exit());
        assertEquals(0, jtop("run", "-d", "--name", "privileged", "--privileged", IMAGE, "sleep", "1000").exit());
        try {
            String filtered = status("filtered");
            System.out.println("filtered: " + filtered.lines().filter(l -> l.matches("(Seccomp|NoNewPrivs).*")).toList());
            assertTrue(filtered.contains("\nSeccomp:\t2\n"), filtered);
            assertTrue(filtered.contains("\nNoNewPrivs:\t1\n"), filtered);
            String privileged = status("privileged");
            assertTrue(privileged.contains("\nSeccomp:\t0\n"), privileged);
            assertTrue(privileged.contains("\nNoNewPrivs:\t0\n"), privileged);
            assertEquals(ownCapabilities(), ProcStatus.parse(privileged).capEff(), "every capability jtop holds");
        } finally {
            jtop("rm", "-f", "filtered");
            jtop("rm", "-f", "privileged");
        }
    }

    @Test
    void theStartFormsContainersGetTheSameDefaults() throws Exception {
        LocalBackend rt = new LocalBackend(new LocalRuntime(tmp.resolve("root"), tmp.resolve("run"),
                Path.of("/usr/sbin/runc"), Path.of("/proc")));
        Container c = rt.run(new RunRequest(IMAGE, "from-the-form", List.of("sleep", "1000"), null, null, null));
        try {
            String s = Files.readString(Path.of("/proc", String.valueOf(c.pid()), "status"));
            assertTrue(s.contains("\nSeccomp:\t2\n") && s.contains("\nNoNewPrivs:\t1\n"), s);
        } finally {
            rt.remove(c, true);
        }
    }

    private static String status(String name) throws IOException {
        InProcess.Run r = jtop("inspect", "--json", name);
        assertEquals(0, r.exit(), r.err());
        JsonNode pid = r.json().path("pid");
        assertTrue(pid.isNumber(), r.out());
        return Files.readString(Path.of("/proc", pid.asText(), "status"));
    }

    /** The kernel's highest capability number; read in one go, as sysctl files give nothing past offset 0. */
    private static int capLastCap() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
            return Integer.parseInt(new String(in.readNBytes(16)).strip());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long ownCapabilities() {
        try {
            return ProcStatus.parse(Files.readString(Path.of("/proc/self/status"))).capEff();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all.toArray(String[]::new);
    }
}
