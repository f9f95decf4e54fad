package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.engine.image.BusyboxRootfs;
import io.jtop.testing.Host;
import io.jtop.testing.Remains;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * crun as jtop's OCI runtime on a live cgroup v2 host (the v2 lane's guest; crun refuses the
 * hybrid hosts jtop is developed on): {@code run --runtime crun} through a container's whole life,
 * then a runc-made and a crun-made container side by side, each acted on by its own runtime with
 * its own state root ({@code RUN/runc}, {@code RUN/crun}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrunV2IT {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final String IMAGE = "v2crun-bb:1";
    /** Everything is slow under emulation. */
    private static final long DEADLINE_NANOS = 120_000_000_000L;

    /** Static: JUnit fills an instance field only before each test, after {@code @BeforeAll}. */
    @TempDir
    static Path tmp;
    /** The containers made here, by name: removed after the tests whatever happened. */
    private final List<String> made = new ArrayList<>();
    /** The lifecycle's container, made with crun. */
    private String crunId;

    @BeforeAll
    void importAnImageAndRunOneWithCrun() throws IOException {
        Host.requireCgroupV2();
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("crun");
        Host.requireCommand("runc");
        Path rootfs = BusyboxRootfs.build(BusyboxRootfs.HOST_BUSYBOX, Files.createDirectory(tmp.resolve("rootfs")));
        ok(jtop("image", "import", rootfs.toString(), IMAGE));
        crunId = run("crun-a", "--runtime", "crun", IMAGE, "sh", "-c", "echo hello from crun; exec sleep 600");
    }

    @AfterAll
    void cleanUp() {
        for (String name : made) {
            jtop("rm", "-f", name);
        }
    }

    @Test
    @Order(1)
    void itRunsUnderCrunWithItsStateInCrunsRoot() throws IOException {
        JsonNode row = until("crun-a", r -> r.path("state").asText().equals("running"));
        assertEquals("running", row.path("state").asText(), row.toString());
        assertTrue(Files.isDirectory(run().resolve("crun").resolve(crunId)), "crun's state is in RUN/crun");
        assertFalse(Files.exists(run().resolve("runc").resolve(crunId)), "nothing of it in runc's root");
        String state = Host.run("crun", "--root", run().resolve("crun").toString(), "state", crunId);
        assertTrue(state.contains("\"running\""), state);
        JsonNode inspect = ok(jtop("inspect", "--json", "-d", "0", "crun-a")).json();
        assertEquals("crun", inspect.path("oci_runtime").asText(), inspect.toString());
        String text = ok(jtop("inspect", "-d", "0", "crun-a")).out();
        assertTrue(text.lines().anyMatch(l -> l.matches("OCI runtime: +crun")), "inspect's text: " + text);
    }

    @Test
    @Order(2)
    void execAndLogsGoThroughCrun() {
        assertEquals(7, jtop("exec", "crun-a", "sh", "-c", "exit 7").exit(), "exec's own exit code");
        assertEquals(0, jtop("exec", "crun-a", "touch", "/tmp/made-by-exec").exit());
        assertEquals(0, jtop("exec", "crun-a", "test", "-f", "/tmp/made-by-exec").exit(), "the same container");
        InProcess.Run bad = jtop("exec", "crun-a", "/no/such/program");
        assertEquals(1, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("jtop: crun exec: "), "named as crun: " + bad.err());
        assertTrue(ok(jtop("logs", "crun-a")).out().contains("hello from crun"));
    }

    @Test
    @Order(3)
    void pauseAndUnpause() throws IOException {
        ok(jtop("pause", "crun-a"));
        assertEquals("paused", until("crun-a", r -> r.path("state").asText().equals("paused")).path("state").asText());
        assertEquals("1", Files.readString(cgroup(crunId).resolve("cgroup.freeze")).strip());
        String state = Host.run("crun", "--root", run().resolve("crun").toString(), "state", crunId);
        assertTrue(state.contains("\"paused\""), "crun froze it: " + state);
        ok(jtop("unpause", "crun-a"));
        assertEquals("running", until("crun-a", r -> r.path("state").asText().equals("running")).path("state").asText());
        assertEquals("0", Files.readString(cgroup(crunId).resolve("cgroup.freeze")).strip());
    }

    @Test
    @Order(4)
    void stopRestartKillAndRemoveLeaveNothing() throws IOException {
        long pid = until("crun-a", r -> true).path("pid").asLong();
        ok(jtop("stop", "-t", "1", "crun-a"));
        JsonNode stopped = until("crun-a", r -> r.path("state").asText().equals("exited"));
        assertEquals("exited", stopped.path("state").asText(), stopped.toString());
        ok(jtop("restart", "-t", "1", "crun-a"));
        JsonNode again = until("crun-a", r -> r.path("state").asText().equals("running"));
        assertEquals("running", again.path("state").asText(), again.toString());
        assertNotEquals(pid, again.path("pid").asLong(), "a new init");
        assertTrue(Files.isDirectory(run().resolve("crun").resolve(crunId)), "started again by crun");
        assertFalse(Files.exists(run().resolve("runc").resolve(crunId)), "not by runc");
        ok(jtop("kill", "crun-a"));
        JsonNode killed = until("crun-a", r -> r.path("state").asText().equals("exited"));
        assertEquals(137, killed.path("exit_code").asInt(), killed.toString());
        ok(jtop("rm", "crun-a"));
        made.remove("crun-a");
        Remains.assertNone(crunId, store(), run());
    }

    @Test
    @Order(5)
    void aRuncAndACrunContainerSideBySideEachActedOnByItsOwnRuntime() throws IOException {
        String runcId = run("side-runc", IMAGE, "sleep", "600");
        String crunSide = run("side-crun", "--runtime", "crun", IMAGE, "sleep", "600");
        until("side-crun", r -> r.path("state").asText().equals("running"));
        JsonNode rows = ps();
        for (String name : List.of("side-runc", "side-crun")) {
            assertEquals("running", InProcess.row(rows, name).path("state").asText(), rows.toString());
        }
        assertEquals("runc", ok(jtop("inspect", "--json", "-d", "0", "side-runc")).json().path("oci_runtime").asText());
        assertEquals("crun", ok(jtop("inspect", "--json", "-d", "0", "side-crun")).json().path("oci_runtime").asText());
        assertTrue(Files.isDirectory(run().resolve("runc").resolve(runcId)), "runc's under RUN/runc");
        assertFalse(Files.exists(run().resolve("crun").resolve(runcId)));
        assertTrue(Files.isDirectory(run().resolve("crun").resolve(crunSide)), "crun's under RUN/crun");
        assertFalse(Files.exists(run().resolve("runc").resolve(crunSide)));
        // Each runtime knows its own container alone.
        assertTrue(Host.run("runc", "--root", run().resolve("runc").toString(), "list", "-q").contains(runcId));
        assertFalse(Host.run("runc", "--root", run().resolve("runc").toString(), "list", "-q").contains(crunSide));
        assertTrue(Host.run("crun", "--root", run().resolve("crun").toString(), "list", "-q").contains(crunSide));
        ok(jtop("stop", "-t", "1", "side-runc", "side-crun"));
        for (String name : List.of("side-runc", "side-crun")) {
            assertEquals("exited", until(name, r -> r.path("state").asText().equals("exited")).path("state").asText());
        }
        ok(jtop("rm", "side-runc", "side-crun"));
        made.removeAll(List.of("side-runc", "side-crun"));
        Remains.assertNone(runcId, store(), run());
        Remains.assertNone(crunSide, store(), run());
    }

    /** {@code jtop run -d --name NAME ARGS…}; its id. */
    private String run(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-d", "--name", name));
        all.addAll(List.of(args));
        made.add(name);
        return ok(jtop(all.toArray(String[]::new))).out().strip();
    }

    private static InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    private static InProcess.Run ok(InProcess.Run r) {
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    private static Path store() {
        return tmp.resolve("root");
    }

    private static Path run() {
        return tmp.resolve("run");
    }

    private static Path cgroup(String id) {
        return CGROUPS.resolve("jtop").resolve(id);
    }

    /** The container {@code name} once {@code ready} holds for its row of {@code ps -a --json}. */
    private static JsonNode until(String name, Predicate<JsonNode> ready) throws IOException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        JsonNode row = InProcess.row(ps(), name);
        while (!ready.test(row) && System.nanoTime() < deadline) {
            row = InProcess.row(ps(), name);
        }
        return row;
    }

    private static JsonNode ps() throws IOException {
        return InProcess.psAll(tmp, "0.1");
    }
}
