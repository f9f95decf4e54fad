package io.jtop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.testing.Host;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/systemd/jtop-serve.service, checked by systemd's own tools offline (no systemd as PID 1
 * is needed): {@code systemd-analyze verify} loads the unit as systemd would and reports unknown keys,
 * values it cannot parse and an ExecStart that is not executable; {@code systemd-analyze security
 * --offline=yes} reports which of its hardening checks the unit passes. What it cannot check is the
 * service running: that needs a host booted with systemd.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("packaging/systemd/jtop-serve.service");
    private static final String EXEC_START = "/usr/local/bin/jtop serve --listen 127.0.0.1:9656";
    private static final String LAUNCHER = Path.of("packaging/jtop").toAbsolutePath().toString();

    /** The hardening checks the unit fails on purpose, each with the reason it must. */
    private static final Map<String, String> EXPOSED_ON_PURPOSE = Map.ofEntries(
            Map.entry("UserOrDynamicUser", "root: podman's socket is root's alone (0600)"),
            Map.entry("RootDirectoryOrRootImage", "it reads the host's own files"),
            Map.entry("CapabilityBoundingSet_CAP_DAC_FOWNER_IPC_OWNER", "CAP_DAC_READ_SEARCH, to read"),
            Map.entry("CapabilityBoundingSet_CAP_SYS_PTRACE", "/proc/<pid>/fd, root and ns of others"),
            Map.entry("ProtectProc", "every process must stay visible"),
            Map.entry("ProcSubset", "it reads /proc/<pid>/…"),
            Map.entry("PrivateUsers", "other users' processes are what it reads"),
            Map.entry("PrivateNetwork", "it listens for Prometheus"),
            Map.entry("IPAddressDeny", "who scrapes is the site's choice"),
            Map.entry("RestrictAddressFamilies_AF_UNIX", "the engines' API sockets"),
            Map.entry("RestrictAddressFamilies_AF_INET_INET6", "it listens for Prometheus"),
            Map.entry("MemoryDenyWriteExecute", "the JVM's JIT"),
            Map.entry("DeviceAllow", "systemd's own default for PrivateDevices=yes"),
            Map.entry("SystemCallFilter_privileged", "not tried against the JVM under systemd yet"),
            Map.entry("SystemCallFilter_resources", "the JVM raises its open-files limit (setrlimit)"));

    @TempDir
    Path tmp;

    @BeforeEach
    void tool() {
        Host.requireCommand("systemd-analyze");
    }

    @Test
    void verifyReportsNothing() throws Exception {
        ToolRun r = verify(runnable(Files.readString(UNIT)));
        assertEquals(0, r.exit(), r.describe());
        assertEquals("", r.stdout() + r.stderr(), "systemd-analyze verify complained");
    }

    @Test
    void verifyCatchesAMisspeltKeyAndABadValue() throws Exception {
        String unit = runnable(Files.readString(UNIT));
        ToolRun key = verify(unit.replace("ProtectSystem=strict", "ProtectSystm=strict"));
        assertTrue(key.stderr().contains("Unknown key 'ProtectSystm'"), key.describe());
        ToolRun value = verify(unit.replace("ProtectSystem=strict", "ProtectSystem=stricter"));
        assertTrue(value.stderr().contains("stricter"), value.describe());
    }

    @Test
    void servesOnLoopbackThroughTheLauncher() throws IOException {
        assertEquals(List.of(EXEC_START), values("ExecStart"));
    }

    @Test
    void keepsOnlyTheCapabilitiesReadingNeeds() throws IOException {
        // systemd ignores a capability name it does not know without a word, so the line itself is checked.
        assertEquals(List.of("CAP_SYS_PTRACE CAP_DAC_READ_SEARCH"), values("CapabilityBoundingSet"));
        assertEquals(List.of(""), values("AmbientCapabilities"));
        for (String key : List.of("ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes",
                "ProtectControlGroups=yes", "ProtectProc=default", "ProcSubset=all")) {
            String[] kv = key.split("=", 2);
            assertEquals(List.of(kv[1]), values(kv[0]), kv[0]);
        }
    }

    @Test
    void securityAnalysisFailsOnlyTheChecksItMust() throws Exception {
        Path copy = write(runnable(Files.readString(UNIT)));
        ToolRun r = ToolRun.of(List.of("systemd-analyze", "security", "--offline=yes", "--json=short", copy.toString()));
        assertEquals(0, r.exit(), r.describe());
        Set<String> failed = new TreeSet<>();
        for (JsonNode check : new ObjectMapper().readTree(r.stdout())) {
            if (check.path("set").isBoolean() && !check.path("set").asBoolean()) {
                failed.add(check.path("json_field").asText());
            }
        }
        assertFalse(failed.isEmpty(), "no check parsed from: " + r.stdout());
        assertEquals(new TreeSet<>(EXPOSED_ON_PURPOSE.keySet()), failed,
                "hardening checks the unit fails, against those it fails on purpose");
    }

    /**
     * The unit with ExecStart on this checkout's launcher: verify refuses a command that is not
     * executable, and /usr/local/bin/jtop exists only where install.sh ran.
     */
    private static String runnable(String unit) {
        assertTrue(unit.contains("ExecStart=" + EXEC_START), "ExecStart moved");
        return unit.replace("ExecStart=/usr/local/bin/jtop ", "ExecStart=" + LAUNCHER + " ");
    }

    private ToolRun verify(String unit) throws Exception {
        // --man=no: the Documentation= line is a web page, and no man page is to be looked up.
        return ToolRun.of(List.of("systemd-analyze", "verify", "--man=no", write(unit).toString()));
    }

    private Path write(String unit) throws IOException {
        return Files.writeString(tmp.resolve(UNIT.getFileName()), unit);
    }

    /** Every value of {@code key} in the unit's [Service] section, in order. */
    private static List<String> values(String key) throws IOException {
        return Files.readAllLines(UNIT).stream()
                .dropWhile(l -> !l.equals("[Service]"))
                .takeWhile(l -> !l.equals("[Install]"))
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .toList();
    }
}
