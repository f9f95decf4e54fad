package io.jtop.engine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

import io.jtop.engine.bundle.BundleWriter;
import io.jtop.engine.bundle.RunOptions;
import io.jtop.engine.bundle.SpecGenerator;
import io.jtop.engine.image.ImageConfig;
import io.jtop.engine.lifecycle.OciDriver.Created;
import io.jtop.engine.lifecycle.OciDriver.Status;
import io.jtop.linux.mount.EngineSocketFiles;
import io.jtop.linux.proc.ProcLimits;
import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon + runc for real: create, start, log, kill, exit file, delete, and nothing left behind. */
class ConmonDriverIT {
    private static final boolean V2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path tmp;

    private ConmonDriver driver;
    private Path exitDir;
    private Path log;
    private final List<String> ids = new ArrayList<>();
    private final List<Long> conmons = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Host.requireRoot();
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        driver = new ConmonDriver(Path.of(Host.run("which", "conmon").strip()), Path.of(Host.run("which", "runc").strip()),
                tmp.resolve("run"));
        exitDir = tmp.resolve("exits");
        log = tmp.resolve("ctr.log");
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (String id : ids) {
            if (driver.state(id).isPresent()) {
                driver.delete(id, true, exitDir);
            }
        }
        for (long pid : conmons) {
            waitUntil("conmon " + pid + " exits", () -> ProcessHandle.of(pid).isEmpty());
        }
    }

    @Test
    void runsAContainerThroughItsWholeLife() throws Exception {
        String id = "jtop-conmon-it-" + ProcessHandle.current().pid();
        Created created = create(id, "sh", "-c", "echo hello; echo oops >&2; sleep 1000");
        assertEquals(Status.CREATED, driver.state(id).orElseThrow().status());
        assertEquals(created.containerPid(), driver.state(id).orElseThrow().pid());

        driver.start(id);
        assertEquals(Status.RUNNING, driver.state(id).orElseThrow().status());
        assertTrue(ProcessHandle.of(created.containerPid()).map(ProcessHandle::isAlive).orElse(false));
        String cgroup = Files.readString(Path.of("/proc/" + created.containerPid() + "/cgroup"));
        assertTrue(cgroup.contains("/jtop/" + id), cgroup);

        waitUntil("both lines in " + log, () -> read(log).contains("stdout F hello") && read(log).contains("stderr F oops"));
        assertEquals(List.of("hello", "oops"), LogReader.tail(log, 2).stream().map(LogReader.Line::text).sorted().toList());

        driver.pause(id);
        assertEquals(Status.PAUSED, driver.state(id).orElseThrow().status());
        // jtop thaws through the freezer, as runc's resume does: runc tells its state from it.
        Files.writeString(Path.of(V2 ? "/sys/fs/cgroup/jtop" : "/sys/fs/cgroup/freezer/jtop", id,
                V2 ? "cgroup.freeze" : "freezer.state"), V2 ? "0" : "THAWED");
        assertEquals(Status.RUNNING, driver.state(id).orElseThrow().status());

        Host.run("kill", "-KILL", Long.toString(driver.state(id).orElseThrow().pid())); // as jtop signals: the init itself
        waitUntil("exit file " + id, () -> exitCode(id).isPresent());
        assertEquals(OptionalInt.of(137), driver.exitCode(exitDir, id));
        waitUntil("state stopped", () -> status(id) == Status.STOPPED);

        driver.delete(id, false, exitDir);
        assertTrue(driver.state(id).isEmpty());
        Path leaf = Path.of(V2 ? "/sys/fs/cgroup/jtop" : "/sys/fs/cgroup/memory/jtop", id);
        assertFalse(Files.exists(leaf), leaf + " is left");
        waitUntil("conmon " + created.conmonPid() + " exits", () -> ProcessHandle.of(created.conmonPid()).isEmpty());
    }

    @Test
    void conmonIsNotAChildOfItsCaller() throws Exception {
        String id = "jtop-conmon-it-detach-" + ProcessHandle.current().pid();
        Created created = create(id, "sleep", "1000");
        ProcessHandle conmon = ProcessHandle.of(created.conmonPid()).orElseThrow();
        long parent = conmon.parent().map(ProcessHandle::pid).orElse(-1L);
        assertNotEquals(ProcessHandle.current().pid(), parent, "conmon is still the JVM's child");
        assertTrue(ProcessHandle.current().children().noneMatch(c -> c.pid() == created.conmonPid()));
        assertEquals(created.conmonPid(), ProcessHandle.of(created.containerPid()).orElseThrow()
                .parent().orElseThrow().pid(), "conmon is the container's parent");
    }

    @Test
    void aFailedCreateSaysWhy() throws Exception {
        String id = "jtop-conmon-it-fail-" + ProcessHandle.current().pid();
        IOException e = assertThrows(IOException.class, () -> create(id, "/nope"));
        assertTrue(e.getMessage().contains("/nope") && e.getMessage().contains("no such file"), e.getMessage());
        assertTrue(driver.state(id).isEmpty());
    }

    @Test
    void conmonsOwnErrorIsTheReason() {
        ConmonDriver broken = new ConmonDriver(Path.of(Host.run("which", "conmon").strip()), tmp.resolve("no-runtime"),
                tmp.resolve("run"));
        IOException e = assertThrows(IOException.class,
                () -> broken.create("jtop-conmon-it-noruntime", tmp, log, exitDir));
        assertTrue(e.getMessage().contains("exited 1") && e.getMessage().contains("no-runtime"), e.getMessage());
    }

    private Created create(String id, String... args) throws Exception {
        Path bundle = tmp.resolve("bundle-" + id);
        Busybox.rootfs(bundle.resolve("rootfs"));
        SpecGenerator generator = new SpecGenerator(SpecGenerator.readCapabilities(Path.of("/proc")), V2,
                EngineSocketFiles.PATHS);
        long hard = ProcLimits.parseOpenFilesHard(Files.readString(Path.of("/proc/self/limits")));
        BundleWriter.write(bundle, generator.generate(id, ImageConfig.empty(), RunOptions.builder().args(args).build(),
                hard > 0 ? hard : Long.MAX_VALUE));
        ids.add(id);
        Created created = driver.create(id, bundle, log, exitDir);
        conmons.add(created.conmonPid());
        return created;
    }

    private OptionalInt exitCode(String id) {
        try {
            return driver.exitCode(exitDir, id);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Status status(String id) {
        try {
            return driver.state(id).map(OciDriver.State::status).orElse(null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out after " + WAIT_MILLIS + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
