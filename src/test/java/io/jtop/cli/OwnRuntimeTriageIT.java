package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.ui.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17's live matrix on jtop's own runtime: the options tried on Docker (SecurityIT, NetworkIT,
 * ExitReasonIT) given to {@code jtop run}, each seen in {@code jtop inspect --json} and
 * {@code ps --json}. The {@code -u 1000 -v DIR:/data} case is MountsIT's
 * {@code jtopsOwnRuntimeBindMountIsShown}. Each test has a store of its own.
 */
class OwnRuntimeTriageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    private final List<String> created = new ArrayList<>();
    private final String prefix = "triage17-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
            + "-";

    @BeforeEach
    void store() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        InProcess.Run r = jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb");
        assertEquals(0, r.exit(), r.err());
    }

    /** By name: one that was created but did not start is removed too. */
    @AfterEach
    void removeCreated() {
        created.forEach(name -> jtop("rm", "-f", name));
    }

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    /** {@code jtop run -d --name PREFIX+name ARGS}; returns its name. */
    private String run(String name, String... args) {
        String full = prefix + name;
        created.add(full);
        List<String> all = new ArrayList<>(List.of("run", "-d", "--name", full));
        all.addAll(List.of(args));
        InProcess.Run r = jtop(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return full;
    }

    /** Its {@code inspect --json}, polled until {@code ready} holds or the deadline passes. */
    private JsonNode inspect(String name, Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            InProcess.Run r = jtop("inspect", "--json", "-d", "0", name);
            assertEquals(0, r.exit(), r.err());
            last = r.json();
            if (ready.test(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(name + " not ready within " + WAIT + ": " + last);
    }

    /**
     * Its security section once its own command runs: right after {@code run -d} the init may
     * still be runc's, with every capability and no seccomp filter yet.
     */
    private JsonNode security(String name, Predicate<JsonNode> settled) throws Exception {
        return inspect(name, j -> j.path("security").isObject() && settled.test(j.path("security")))
                .path("security");
    }

    private static boolean filtered(JsonNode security) {
        return "filter".equals(security.path("seccomp").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private JsonNode psRow(String name) throws Exception {
        return InProcess.row(InProcess.psAll(tmp, "0"), name);
    }

    @Test
    void privilegedIsPrivilegedWithoutSeccompAndAWritableSys() throws Exception {
        String name = run("priv", "--privileged", "bb", "sleep", "600");
        JsonNode sec = security(name, s -> s.path("privileged").asBoolean());
        assertEquals("none", sec.path("seccomp").asText());
        assertTrue(strings(sec.path("writable_kernel_trees")).contains("/sys"), sec.toString());
        List<String> flags = strings(psRow(name).path("security_flags"));
        assertTrue(flags.contains("no-seccomp") && flags.contains("sys-rw"), flags.toString());
        assertFalse(flags.contains("caps"), "PRIV says it: no +CAPS beside it: " + flags);
        assertTrue(psRow(name).path("privileged").asBoolean());
    }

    @Test
    void capAddSysAdminIsNamedBeyondJtopsDefault() throws Exception {
        String name = run("cap", "--cap-add", "SYS_ADMIN", "bb", "sleep", "600");
        JsonNode sec = security(name, OwnRuntimeTriageIT::filtered);
        assertEquals(List.of("SYS_ADMIN"), strings(sec.path("capabilities_beyond_default")));
        assertEquals("jtop", sec.path("default_capabilities_of").asText());
        assertFalse(sec.path("privileged").asBoolean());
        assertTrue(strings(psRow(name).path("security_flags")).contains("caps"));
    }

    @Test
    void unconfinedSeccompIsNone() throws Exception {
        String name = run("seccomp", "--security-opt", "seccomp=unconfined", "bb", "sleep", "600");
        JsonNode sec = security(name, s -> s.path("capabilities").size() < 20);
        assertEquals("none", sec.path("seccomp").asText());
        assertEquals(List.of(), strings(sec.path("capabilities_beyond_default")));
        List<String> flags = strings(psRow(name).path("security_flags"));
        assertTrue(flags.contains("no-seccomp"), flags.toString());
        assertFalse(flags.contains("sys-rw"), flags.toString());
    }

    @Test
    void dockerSocketIsRefusedWithoutAllowSocketAndFoundWithIt() throws Exception {
        Host.require(Files.exists(DOCKER_SOCKET), "needs dockerd's socket " + DOCKER_SOCKET);
        String bind = DOCKER_SOCKET + ":" + DOCKER_SOCKET;
        String refused = prefix + "sock-refused";
        created.add(refused);
        InProcess.Run r = jtop("run", "-d", "--name", refused, "-v", bind, "bb", "sleep", "600");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("jtop: refusing to bind " + DOCKER_SOCKET
                + ": that socket is root on the host; add --allow-socket if you mean it\n", r.err());
        for (JsonNode row : InProcess.psAll(tmp, "0")) {
            assertFalse(refused.equals(row.path("name").asText()), "nothing left of a refused run: " + row);
        }

        String name = run("sock", "-v", bind, "--allow-socket", "bb", "sleep", "600");
        JsonNode sec = security(name, OwnRuntimeTriageIT::filtered);
        assertEquals(List.of(DOCKER_SOCKET.toString()), strings(sec.path("engine_sockets")));
        assertTrue(strings(psRow(name).path("security_flags")).contains("sock"));
    }

    @Test
    void aDirectoryHoldingTheDockerSocketIsRefusedWithoutAllowSocketAndFoundWithIt() throws Exception {
        Host.require(Files.exists(DOCKER_SOCKET), "needs dockerd's socket " + DOCKER_SOCKET);
        Path dir = DOCKER_SOCKET.getParent();
        String bind = dir + ":/host-run";
        String refused = prefix + "sockdir-refused";
        created.add(refused);
        InProcess.Run r = jtop("run", "-d", "--name", refused, "-v", bind, "bb", "sleep", "600");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("jtop: refusing to bind " + dir + " (holds " + DOCKER_SOCKET
                + "): that socket is root on the host; add --allow-socket if you mean it\n", r.err());
        for (JsonNode row : InProcess.psAll(tmp, "0")) {
            assertFalse(refused.equals(row.path("name").asText()), "nothing left of a refused run: " + row);
        }

        String name = run("sockdir", "-v", bind, "--allow-socket", "bb", "sleep", "600");
        JsonNode sec = security(name, OwnRuntimeTriageIT::filtered);
        assertTrue(strings(sec.path("engine_sockets")).contains("/host-run/docker.sock"), sec.toString());
        assertTrue(strings(psRow(name).path("security_flags")).contains("sock"));
    }

    /**
     * jtop's runtime gives a container a network namespace of its own with only {@code lo} unless
     * told {@code --network host}: nc listens there, as a child of the shell.
     */
    @Test
    void aListenerIsShownWithItsProcess() throws Exception {
        String name = run("nc", "bb", "sh", "-c", "nc -l -p 8080 & wait");
        JsonNode j = inspect(name, i -> !i.path("network").path("listeners").isEmpty()
                && i.path("network").path("listeners").get(0).path("host_pid").isInt());
        JsonNode net = j.path("network");
        assertFalse(net.path("shared_with_host").asBoolean(), net.toString());
        List<String> interfaces = new ArrayList<>();
        net.path("interfaces").forEach(i -> interfaces.add(i.path("name").asText()));
        assertEquals(List.of("lo"), interfaces, net.toString());
        assertEquals(1, net.path("listeners").size(), net.toString());
        JsonNode l = net.path("listeners").get(0);
        assertEquals(8080, l.path("port").asInt());
        assertTrue(l.path("proto").asText().startsWith("tcp"), net.toString());
        assertEquals("nc -l -p 8080", l.path("command").asText());
        int pid = l.path("host_pid").asInt();
        assertTrue(pid != j.path("pid").asInt(), "held by nc, the shell's child: " + net);
        assertEquals("nc", Files.readString(Path.of("/proc/" + pid + "/comm")).strip());
    }

    @Test
    void aContainerKilledByItsMemoryLimitIs137ByTheOomKiller() throws Exception {
        String name = run("oom", "--memory", "32m", "--memory-swap", "32m", "bb", "sh", "-c",
                "x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done");
        JsonNode j = inspect(name, i -> "exited".equals(i.path("state").asText()));
        assertEquals(137, j.path("exit_code").asInt());
        assertTrue(j.path("oom_killed").asBoolean(), j.toString());
        // Kept at its exit: the cgroup that held the figure goes with it.
        long peak = j.path("memory_peak_bytes").asLong();
        assertTrue(peak > 28 * MIB && peak <= 32 * MIB, "memory_peak_bytes " + j.path("memory_peak_bytes"));
        // Against the limit its bundle set (linux.resources.memory.limit), its cgroup gone.
        assertEquals("137 = SIGKILL by the OOM killer: out of memory, peak " + Format.bytes(peak) + " of 32MiB limit",
                j.path("exit_reason").asText());
        InProcess.Run text = jtop("inspect", "-d", "0", name);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("Why it exited:       137 = SIGKILL by the OOM killer: out of memory, peak "
                + Format.bytes(peak) + " of 32MiB limit\n"), text.out());
        String listed = psRow(name).path("exit_reason").asText();
        assertTrue(listed.startsWith("137 = SIGKILL by the OOM killer: out of memory"), "its record says OOM: " + listed);
    }
}
