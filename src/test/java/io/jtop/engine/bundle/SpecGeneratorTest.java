package io.jtop.engine.bundle;

import io.jtop.engine.image.ImageConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecGeneratorTest {
    private static final String ID = "0123456789abcdef0123";
    private static final ImageConfig BUSYBOX = new ImageConfig(List.of("PATH=/bin", "HOME=/root"), null,
            List.of("sh"), null, null, Map.of());

    @TempDir
    Path tmp;

    /** Capabilities 0 to 40: a 5.9+ kernel's whole set, as root holds it. */
    private static final long ALL_CAPS = (1L << 41) - 1;
    private static final SeccompProfile.Kernel KERNEL = new SeccompProfile.Kernel(6, 1);

    private SpecGenerator generator(boolean v2) {
        return new SpecGenerator(ALL_CAPS, v2, List.of(tmp.resolve("run/docker.sock"), tmp.resolve("missing.sock")),
                "x86_64", KERNEL);
    }

    private Spec spec(RunOptions.Builder opts) {
        return generator(false).generate(ID, BUSYBOX, opts.build(), 20_000);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode json(Spec spec) throws IOException {
        return new ObjectMapper().readTree(BundleWriter.toJson(spec));
    }

    private String error(RunOptions.Builder opts) {
        return assertThrows(IllegalArgumentException.class, () -> spec(opts)).getMessage();
    }

    @Test
    void defaultsUseTheOciNamesAndLeaveNullsOut() throws IOException {
        JsonNode j = json(spec(RunOptions.builder()));
        assertEquals("1.0.2", j.path("ociVersion").asText());
        assertEquals("0123456789ab", j.path("hostname").asText());
        assertEquals("rootfs", j.path("root").path("path").asText());
        assertFalse(j.path("root").path("readonly").asBoolean());
        JsonNode p = j.path("process");
        assertFalse(p.path("terminal").asBoolean());
        assertTrue(p.path("noNewPrivileges").asBoolean(), "no_new_privileges is on by default");
        assertEquals("[\"sh\"]", p.path("args").toString());
        assertEquals("[\"PATH=/bin\",\"HOME=/root\"]", p.path("env").toString());
        assertEquals("/", p.path("cwd").asText());
        assertEquals("{\"uid\":0,\"gid\":0}", p.path("user").toString());
        assertFalse(p.path("capabilities").has("inheritable"));
        assertFalse(p.path("capabilities").has("ambient"));
        assertEquals(14, p.path("capabilities").path("bounding").size());
        assertEquals(p.path("capabilities").path("bounding"), p.path("capabilities").path("effective"));
        assertTrue(p.path("capabilities").path("permitted").toString().contains("\"CAP_NET_BIND_SERVICE\""));
        JsonNode linux = j.path("linux");
        assertEquals("/jtop/" + ID, linux.path("cgroupsPath").asText());
        assertEquals(List.of("/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats",
                "/sys/devices/virtual/powercap", "/sys/firmware"), texts(linux.path("maskedPaths")));
        assertEquals(List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                texts(linux.path("readonlyPaths")));
        assertEquals("SCMP_ACT_ERRNO", linux.path("seccomp").path("defaultAction").asText());
        assertEquals(1, linux.path("seccomp").path("defaultErrnoRet").asInt());
        assertEquals("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]",
                linux.path("seccomp").path("architectures").toString());
        assertEquals("[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"mount\"},{\"type\":\"uts\"},{\"type\":\"ipc\"}]",
                linux.path("namespaces").toString());
        assertFalse(linux.path("resources").has("memory"));
        assertFalse(linux.path("resources").has("cpu"));
        assertFalse(linux.path("resources").has("pids"));
        assertEquals("[{\"allow\":false,\"access\":\"rwm\"}]", linux.path("resources").path("devices").toString());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"),
                j.path("mounts").findValuesAsText("destination"));
        assertFalse(BundleWriter.toJson(spec(RunOptions.builder())).contains("null"));
    }

    @Test
    void cgroupNamespaceOnlyOnTheUnifiedHierarchy() {
        Spec spec = generator(true).generate(ID, BUSYBOX, RunOptions.builder().build(), 20_000);
        assertTrue(spec.linux().namespaces().contains(new Spec.Namespace("cgroup", null)));
    }

    @Test
    void resourcesFromFlags() throws IOException {
        JsonNode r = json(spec(RunOptions.builder().memory(32L << 20).memorySwap(64L << 20).cpus(1.5)
                .cpuShares(512L).pidsLimit(20L))).path("linux").path("resources");
        assertEquals("{\"limit\":33554432,\"swap\":67108864}", r.path("memory").toString());
        assertEquals("{\"shares\":512,\"quota\":150000,\"period\":100000}", r.path("cpu").toString());
        assertEquals("{\"limit\":20}", r.path("pids").toString());
        JsonNode unlimitedSwap = json(spec(RunOptions.builder().memory(1L << 20).memorySwap(-1L)));
        assertEquals(-1, unlimitedSwap.path("linux").path("resources").path("memory").path("swap").asLong());
    }

    @Test
    void processFlags() {
        Spec.Process p = spec(RunOptions.builder().env("HOME=/tmp").env("X=1=2").workdir("/srv").user(1000, 100)
                .args("echo", "hi")).process();
        assertEquals(List.of("PATH=/bin", "HOME=/tmp", "X=1=2"), p.env());
        assertEquals("/srv", p.cwd());
        assertEquals(new Spec.User(1000, 100, null), p.user());
        assertEquals(List.of("echo", "hi"), p.args());
        assertEquals(new Spec.User(7, 0, null), spec(RunOptions.builder().user(7, null)).process().user());
    }

    @Test
    void imageSuppliesEntrypointWorkdirUserAndMissingPath() {
        ImageConfig image = new ImageConfig(null, List.of("/init", "--"), List.of("serve"), "/app", "33:44", null);
        Spec.Process p = generator(false).generate(ID, image, RunOptions.builder().build(), 20_000).process();
        assertEquals(List.of("/init", "--", "serve"), p.args());
        assertEquals(List.of(SpecGenerator.DEFAULT_PATH), p.env());
        assertEquals("/app", p.cwd());
        assertEquals(new Spec.User(33, 44, null), p.user());
        Spec.Process given = generator(false).generate(ID, image, RunOptions.builder().args("x").build(), 20_000).process();
        assertEquals(List.of("/init", "--", "x"), given.args(), "a command replaces Cmd, not Entrypoint");
    }

    @Test
    void userNamesAreRefused() {
        ImageConfig image = new ImageConfig(null, null, List.of("sh"), null, "www-data", null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> generator(false).generate(ID, image, RunOptions.builder().build(), 20_000));
        assertEquals("image user 'www-data': user names need /etc/passwd lookup: give UID[:GID]", e.getMessage());
        assertEquals(new Spec.User(5, 0, null),
                generator(false).generate(ID, image, RunOptions.builder().user(5, null).build(), 20_000).process().user());
    }

    @Test
    void nofileIsClampedToTheCallersHardLimit() {
        assertEquals(List.of(new Spec.Rlimit("RLIMIT_NOFILE", 20_000, 20_000)), spec(RunOptions.builder()).process().rlimits());
        Spec high = generator(false).generate(ID, BUSYBOX, RunOptions.builder().build(), Long.MAX_VALUE);
        assertEquals(List.of(new Spec.Rlimit("RLIMIT_NOFILE", 1_048_576, 1_048_576)), high.process().rlimits());
    }

    @Test
    void privilegedGetsEveryCapabilityJtopHoldsNoSeccompNoMasksAndMayGainPrivileges() throws IOException {
        long withoutSysResource = ((1L << 38) - 1) & ~(1L << 24);
        Spec spec = new SpecGenerator(withoutSysResource, false, List.of(), "x86_64", KERNEL).generate(ID, BUSYBOX,
                RunOptions.builder().privileged(true).build(), 20_000);
        List<String> caps = spec.process().capabilities().bounding();
        assertEquals(37, caps.size());
        assertEquals("CAP_CHOWN", caps.get(0));
        assertFalse(caps.contains("CAP_SYS_RESOURCE"), "runc cannot grant what jtop lacks");
        assertEquals("CAP_AUDIT_READ", caps.get(36));
        assertNull(spec.linux().maskedPaths());
        assertNull(spec.linux().readonlyPaths());
        assertNull(spec.linux().seccomp());
        assertFalse(spec.process().noNewPrivileges());
        JsonNode j = json(spec);
        assertFalse(j.path("linux").has("maskedPaths"));
        assertFalse(j.path("linux").has("seccomp"));
        assertEquals("[{\"allow\":true,\"access\":\"rwm\"}]", j.path("linux").path("resources").path("devices").toString());
        assertTrue(spec.mounts().get(5).options().contains("rw"), "privileged may write /sys");
    }

    @Test
    void theSeccompRulesFollowTheFinalCapabilities() {
        Spec plain = spec(RunOptions.builder());
        assertTrue(calls(plain).contains("clone3=SCMP_ACT_ERRNO"));
        assertFalse(calls(plain).contains("mount=SCMP_ACT_ALLOW"));
        assertTrue(calls(plain).contains("chroot=SCMP_ACT_ALLOW"));

        Spec admin = spec(RunOptions.builder().capAdd("CAP_SYS_ADMIN").capDrop("CAP_SYS_CHROOT"));
        assertTrue(admin.process().capabilities().bounding().contains("CAP_SYS_ADMIN"));
        assertTrue(calls(admin).contains("mount=SCMP_ACT_ALLOW"));
        assertTrue(calls(admin).contains("clone3=SCMP_ACT_ALLOW"));
        assertFalse(calls(admin).contains("clone3=SCMP_ACT_ERRNO"));
        assertFalse(calls(admin).contains("chroot=SCMP_ACT_ALLOW"), "dropped CAP_SYS_CHROOT takes chroot with it");

        Spec everything = spec(RunOptions.builder().capAdd("ALL"));
        assertTrue(calls(everything).containsAll(List.of("reboot=SCMP_ACT_ALLOW", "init_module=SCMP_ACT_ALLOW",
                "ptrace=SCMP_ACT_ALLOW", "bpf=SCMP_ACT_ALLOW", "syslog=SCMP_ACT_ALLOW")));
        assertNotNull(everything.linux().seccomp(), "--cap-add ALL is not --privileged: the filter stays");
        assertTrue(everything.process().noNewPrivileges());
    }

    @Test
    void securityOptionsTurnOffOnePieceEach() {
        assertNull(spec(RunOptions.builder().seccompUnconfined()).linux().seccomp());
        assertNotNull(spec(RunOptions.builder().seccompUnconfined()).linux().maskedPaths());
        assertFalse(spec(RunOptions.builder().noNewPrivileges(false)).process().noNewPrivileges());
        Spec paths = spec(RunOptions.builder().systemPathsUnconfined(true));
        assertNull(paths.linux().maskedPaths());
        assertNull(paths.linux().readonlyPaths());
        assertNotNull(paths.linux().seccomp());
    }

    @Test
    void aGivenProfileIsUsedEvenPrivilegedAndAskedForNoNewPrivilegesStays() {
        SeccompProfile given = DockerSeccomp.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
                  {"names": ["keyctl"], "action": "SCMP_ACT_ERRNO"}]}
                """, "p.json");
        Spec s = spec(RunOptions.builder().seccomp(given));
        assertEquals("SCMP_ACT_ALLOW", s.linux().seccomp().defaultAction());
        assertEquals(List.of("mount=SCMP_ACT_ERRNO", "keyctl=SCMP_ACT_ERRNO"), calls(s));
        Spec privileged = spec(RunOptions.builder().privileged(true).seccomp(given).noNewPrivileges(true));
        assertEquals(List.of("keyctl=SCMP_ACT_ERRNO"), calls(privileged), "every capability: the mount rule drops");
        assertTrue(privileged.process().noNewPrivileges());
    }

    @Test
    void theDefaultProfileOnEachArchitectureItCovers() throws IOException {
        Spec arm = new SpecGenerator(ALL_CAPS, false, List.of(), "aarch64", KERNEL).generate(ID, BUSYBOX,
                RunOptions.builder().build(), 20_000);
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm.linux().seccomp().architectures());
        var other = new SpecGenerator(ALL_CAPS, false, List.of(), "riscv64", KERNEL);
        assertEquals("jtop's default seccomp profile is for aarch64 and x86_64, not riscv64: give one with "
                + "--security-opt seccomp=FILE, or run with seccomp=unconfined", assertThrows(IllegalArgumentException.class,
                        () -> other.generate(ID, BUSYBOX, RunOptions.builder().build(), 20_000)).getMessage());
        assertNull(other.generate(ID, BUSYBOX, RunOptions.builder().seccompUnconfined().build(), 20_000).linux().seccomp());
        // As runc reads it: numbers, not strings, and valueTwo with every argument.
        JsonNode clone = null;
        for (JsonNode rule : json(arm).path("linux").path("seccomp").path("syscalls")) {
            if (rule.path("names").toString().equals("[\"clone\"]")) {
                clone = rule;
            }
        }
        assertEquals("{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
                + "\"value\":2114060288,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}", String.valueOf(clone));
    }

    /** Each call the filter names, as "NAME=ACTION", in the filter's order. */
    private static List<String> calls(Spec spec) {
        List<String> out = new ArrayList<>();
        for (Spec.Syscall c : spec.linux().seccomp().syscalls()) {
            for (String n : c.names()) {
                out.add(n + "=" + c.action());
            }
        }
        return out;
    }

    @Test
    void hostNetworkAndPidDropTheirNamespaces() {
        List<String> types = spec(RunOptions.builder().network(RunOptions.Network.HOST).hostPid(true))
                .linux().namespaces().stream().map(Spec.Namespace::type).toList();
        assertEquals(List.of("mount", "uts", "ipc"), types);
    }

    @Test
    void readOnlyHostnameBindsAndTmpfs() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Spec spec = spec(RunOptions.builder().readOnly(true).hostname("web").bind(data, "/data", true)
                .bind(data, "/rw", false).tmpfs("/scratch", 1L << 20).tmpfs("/t", null));
        assertTrue(spec.root().readonly());
        assertEquals("web", spec.hostname());
        List<Spec.Mount> extra = spec.mounts().subList(7, spec.mounts().size());
        assertEquals(List.of(
                new Spec.Mount("/data", "bind", data.toString(), List.of("rbind", "ro")),
                new Spec.Mount("/rw", "bind", data.toString(), List.of("rbind")),
                new Spec.Mount("/scratch", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "size=1048576")),
                new Spec.Mount("/t", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec"))), extra);
    }

    @Test
    void engineSocketsAreRefusedAlsoThroughSymlinks() throws IOException {
        Path socket = Files.createFile(Files.createDirectory(tmp.resolve("run")).resolve("docker.sock"));
        Path link = Files.createSymbolicLink(tmp.resolve("innocent"), socket);
        String direct = error(RunOptions.builder().bind(socket, "/var/run/docker.sock", false));
        assertEquals("refusing to bind " + socket
                + ": that socket is root on the host; add --allow-socket if you mean it", direct);
        assertEquals("refusing to bind " + link + " (" + socket
                + "): that socket is root on the host; add --allow-socket if you mean it",
                error(RunOptions.builder().bind(link, "/s", true)));
        Spec allowed = spec(RunOptions.builder().bind(link, "/s", false).allowSocket(true));
        assertEquals(link.toString(), allowed.mounts().get(7).source());
    }

    @Test
    void aDirectoryHoldingAnEngineSocketIsRefusedLikeTheSocket() throws IOException {
        // -v /var/run:/host-run reaches /var/run/docker.sock as /host-run/docker.sock.
        Path run = Files.createDirectory(tmp.resolve("run"));
        Path socket = Files.createFile(run.resolve("docker.sock"));
        Path varRun = Files.createSymbolicLink(tmp.resolve("var-run"), run);
        String tail = "): that socket is root on the host; add --allow-socket if you mean it";
        assertEquals("refusing to bind " + run + " (holds " + socket + tail,
                error(RunOptions.builder().bind(run, "/host-run", false)));
        assertEquals("refusing to bind " + varRun + " (holds " + varRun.resolve("docker.sock") + tail,
                error(RunOptions.builder().bind(varRun, "/host-run", true)));
        assertEquals("refusing to bind " + tmp + " (holds " + socket + tail,
                error(RunOptions.builder().bind(tmp, "/host", true)), "any ancestor holds it");
        Path beside = Files.createDirectory(run.resolve("user"));
        assertEquals(beside.toString(), spec(RunOptions.builder().bind(beside, "/u", false)).mounts().get(7).source(),
                "a directory beside the socket does not reach it");
        Spec allowed = spec(RunOptions.builder().bind(run, "/host-run", false).allowSocket(true));
        assertEquals(run.toString(), allowed.mounts().get(7).source());
    }

    @Test
    void badInputsHaveOneLineMessages() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("d"));
        assertEquals("bind source " + tmp.resolve("nope") + " does not exist",
                error(RunOptions.builder().bind(tmp.resolve("nope"), "/x", false)));
        assertEquals("bind target 'x' is not an absolute container path",
                error(RunOptions.builder().bind(data, "x", false)));
        assertEquals("tmpfs target 'tmp' is not an absolute container path", error(RunOptions.builder().tmpfs("tmp", null)));
        assertEquals("--memory-swap (1) must be at least --memory (2), or -1 for unlimited",
                error(RunOptions.builder().memory(2L).memorySwap(1L)));
        assertEquals("--memory-swap needs --memory", error(RunOptions.builder().memorySwap(5L)));
        assertEquals("working directory 'srv' is not absolute", error(RunOptions.builder().workdir("srv")));
        assertEquals("environment entry 'X' is not KEY=VALUE", error(RunOptions.builder().env("X")));
        assertEquals("--cpus must be positive, got 0.0", error(RunOptions.builder().cpus(0.0)));
        assertEquals("no command: the image has no Entrypoint or Cmd and none was given",
                assertThrows(IllegalArgumentException.class, () -> generator(false)
                        .generate(ID, ImageConfig.empty(), RunOptions.builder().build(), 20_000)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> generator(false).generate("../x", BUSYBOX, RunOptions.builder().build(), 20_000));
    }

    @Test
    void jsonRoundTripsAndToleratesUnknownFields() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("v"));
        Spec spec = spec(RunOptions.builder().memory(1L << 30).cpus(0.5).pidsLimit(9L).bind(data, "/v", true));
        assertEquals(spec, BundleWriter.fromJson(BundleWriter.toJson(spec)));
        String withExtra = BundleWriter.toJson(spec).replaceFirst("\\{", "{\"annotations\":{\"a\":\"b\"},");
        assertEquals(spec, BundleWriter.fromJson(withExtra));
    }

    /**
     * The generator-written text is what Jackson's object mapper, which wrote it before, writes for
     * the same records with nulls left out: the same fields, in the same order and layout.
     */
    @Test
    void theJsonIsWhatJacksonsMapperWritesLeavingNullsOut() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        Path data = Files.createDirectory(tmp.resolve("d"));
        for (RunOptions.Builder opts : List.of(RunOptions.builder(),
                RunOptions.builder().privileged(true),
                RunOptions.builder().memory(1L << 30).memorySwap(-1L).cpus(0.5).cpuShares(512L).pidsLimit(9L)
                        .readOnly(true).hostname("web").user(1000, 100).workdir("/srv").env("A=1")
                        .bind(data, "/d", true).tmpfs("/t", 1L << 20).network(RunOptions.Network.HOST).hostPid(true)
                        .capAdd("CAP_SYS_ADMIN").capDrop("CAP_NET_RAW").noNewPrivileges(false),
                RunOptions.builder().seccompUnconfined().systemPathsUnconfined(true))) {
            Spec spec = spec(opts);
            assertEquals(mapper.writeValueAsString(spec), BundleWriter.toJson(spec));
        }
    }

    @Test
    void writerReplacesConfigAtomicallyAndLeavesNoTempFile() throws IOException {
        Path config = BundleWriter.write(tmp, spec(RunOptions.builder()));
        BundleWriter.write(tmp, spec(RunOptions.builder().hostname("second")));
        assertEquals("second", BundleWriter.fromJson(Files.readString(config)).hostname());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(config), files.toList());
        }
    }

    @Test
    void capabilitiesAreWhatJtopHoldsItself() throws IOException {
        Files.createDirectories(tmp.resolve("self"));
        Files.writeString(tmp.resolve("self/status"), "Name:\tjava\nCapPrm:\t000001fffeffffff\n"
                + "CapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\n");
        assertEquals(0x1fffeffffffL, SpecGenerator.readCapabilities(tmp));
        Files.writeString(tmp.resolve("self/status"), "Name:\tjava\n");
        assertThrows(IOException.class, () -> SpecGenerator.readCapabilities(tmp));
    }
}
