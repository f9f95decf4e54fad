package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.engine.lifecycle.RuntimeWaits;
import io.jtop.testing.Busybox;
import io.jtop.testing.Disks;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Remains;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected at each step of a container's life, kept in the suite. A test OCI runtime
 * ({@code src/test/resources/faults/faulty-runtime}, given to {@code run --runtime}; runc does
 * the work underneath) fails, hangs, or garbles runc's state of the container at the verb its
 * control file names; the store, a tiny tmpfs, is full before the step, fills up during it (the
 * runtime fills it), or is read-only (a read-only bind over it). For each step × fault: the
 * command ends within its waits, exits 1 with one line {@code jtop: …} when it fails (never runc's
 * JSON nor a Java exception), {@code ps -a} and {@code inspect} then show what the host shows,
 * and {@code rm -f} leaves nothing of the container ({@link Remains}). And jtop killed
 * (SIGKILL) while the runtime holds it at create, start and delete: the next jtop shows what is
 * true before and after the runtime goes on, and {@code rm -f} leaves nothing.
 *
 * <p>As root, in process with short waits for the runtime (a hang ends in seconds, not half a
 * minute); the kills with the packaged jar. The whole table is printed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeFaultsIT {

    private static final RuntimeWaits WAITS = new RuntimeWaits(Duration.ofSeconds(2), Duration.ofSeconds(3));
    /** The most any command of the table may take: a hang's wait, the clean-up after it, and a slow machine. */
    private static final long COMMAND_BOUND_MILLIS = 15_000;

    private Path tmp;
    private Path store;
    private Path root;
    private Path run;
    private Path runtime;
    private boolean readOnly;
    private int made;
    private final List<String> table = new ArrayList<>();

    /** A step of a container's life: the jtop command that takes it, and the runtime's verb there. */
    enum Step {
        CREATE("run", "create"), START("run", "start"), KILL("kill", "kill"),
        PAUSE("pause", "pause"), RESUME("unpause", "resume"), DELETE("rm -f", "delete"),
        RESTART_DELETE("restart", "delete"), RESTART_CREATE("restart", "create"), RESTART_START("restart", "start");

        final String command;
        final String verb;

        Step(String command, String verb) {
            this.command = command;
            this.verb = verb;
        }
    }

    /** What goes wrong: the runtime at the step's verb, or the store before or during it. */
    enum Fault {
        FAIL, HANG, GARBLE, FILLS, FULL, READ_ONLY;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One row: what is expected of it.
     *
     * @param exit    the command's exit code
     * @param message what its one line on stderr holds, or "" for none
     * @param shown   the state ps -a shows after it ("none": not listed)
     */
    record Case(Step step, Fault fault, int exit, String message, String shown) {
        @Override
        public String toString() {
            return step.command + " @" + step.verb + " × " + fault.label();
        }
    }

    @BeforeAll
    void store() throws IOException {
        Host.requireRoot();
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        Host.requireV1Freezer();
        tmp = Files.createTempDirectory("jtop-faults");
        store = Files.createDirectories(tmp.resolve("store"));
        Host.run("mount", "-t", "tmpfs", "-o", "size=16m", "jtop-faults", store.toString());
        Host.run("mount", "--make-private", store.toString()); // a read-only bind over it stays there alone
        root = store.resolve("root");
        run = tmp.resolve("run");
        runtime = tmp.resolve("faulty-runtime");
        try (InputStream in = getClass().getResourceAsStream("/faults/faulty-runtime")) {
            Files.write(runtime, in.readAllBytes());
        }
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
        InProcess.Run imported = jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb");
        assertEquals(0, imported.exit(), imported.err());
    }

    @AfterAll
    void printAndCleanUp() throws IOException {
        System.out.println("\nstep × fault: exit, time, state shown by ps -a and inspect (what the host shows), "
                + "runtime calls left holding, rm -f, what is left after it; the line said on stderr\n"
                + String.join("\n", table) + "\n");
        if (store == null) {
            return;
        }
        disarm();
        for (JsonNode row : jtop("ps", "-a", "--json", "-d", "0").json()) {
            if (row.path("name").asText().startsWith("faults-")) {
                jtop("rm", "-f", row.path("id").asText());
            }
        }
        Host.run("umount", store.toString());
        Host.deleteTree(tmp);
    }

    private InProcess.Run jtop(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString(), "--run-dir", run.toString()));
        all.addAll(List.of(args));
        return InProcess.jtop(WAITS, all.toArray(String[]::new));
    }

    @TestFactory
    Stream<DynamicTest> everyStepUnderEveryFault() {
        String full = "jtop: the store %s is full (no space left on device): ";
        String ro = "jtop: the store %s is read-only (read-only file system): ";
        List<Case> cases = List.of(
                new Case(Step.CREATE, Fault.FAIL, 1, "faulty-runtime create ID: injected failure of create", "none"),
                new Case(Step.CREATE, Fault.HANG, 1, "faulty-runtime did not report ID created within 3 s", "none"),
                new Case(Step.CREATE, Fault.FILLS, 1, full + "cannot save the record of NAME", "none"),
                new Case(Step.CREATE, Fault.FULL, 1, full + "cannot create the record of NAME", "none"),
                new Case(Step.CREATE, Fault.READ_ONLY, 1, ro + "cannot create the record of NAME", "none"),
                new Case(Step.START, Fault.FAIL, 1, "faulty-runtime start ID exited 1: injected failure of start", "none"),
                new Case(Step.START, Fault.HANG, 1, "faulty-runtime start ID did not finish within 2 s: killed it", "none"),
                new Case(Step.START, Fault.GARBLE, 1, "faulty-runtime start ID exited 1: invalid character", "none"),
                new Case(Step.START, Fault.FILLS, 1, full + "cannot save the record of NAME", "none"),
                new Case(Step.KILL, Fault.FAIL, 0, "", "exited"),
                new Case(Step.KILL, Fault.FULL, 0, "", "exited"),
                new Case(Step.KILL, Fault.READ_ONLY, 0, "", "exited"),
                new Case(Step.PAUSE, Fault.FAIL, 1, "faulty-runtime pause ID exited 1: injected failure of pause", "running"),
                new Case(Step.PAUSE, Fault.HANG, 1, "faulty-runtime pause ID did not finish within 2 s: killed it", "running"),
                new Case(Step.PAUSE, Fault.GARBLE, 1, "faulty-runtime pause ID exited 1: invalid character", "running"),
                new Case(Step.PAUSE, Fault.FILLS, 0, "", "paused"),
                new Case(Step.PAUSE, Fault.FULL, 1, full + "cannot record NAME as paused, so it was left running",
                        "running"),
                new Case(Step.PAUSE, Fault.READ_ONLY, 1, ro + "cannot record NAME as paused, so it was left running",
                        "running"),
                new Case(Step.RESUME, Fault.FAIL, 0, "", "running"),
                new Case(Step.RESUME, Fault.FULL, 0, "", "running"),
                new Case(Step.RESUME, Fault.READ_ONLY, 0, "", "running"),
                new Case(Step.DELETE, Fault.FAIL, 0, "jtop: NAME: the runtime could not delete it (faulty-runtime delete "
                        + "--force ID exited 1: injected failure of delete); jtop removed its state itself", "none"),
                new Case(Step.DELETE, Fault.HANG, 0, "jtop: NAME: the runtime could not delete it (faulty-runtime delete "
                        + "--force ID did not finish within 2 s: killed it); jtop removed its state itself", "none"),
                new Case(Step.DELETE, Fault.GARBLE, 0, "jtop: NAME: the runtime could not delete it (faulty-runtime delete "
                        + "--force ID exited 1: invalid character", "none"),
                new Case(Step.DELETE, Fault.FILLS, 0, "", "none"),
                new Case(Step.DELETE, Fault.FULL, 0, "", "none"),
                new Case(Step.DELETE, Fault.READ_ONLY, 1, ro + "cannot remove NAME", "running"),
                new Case(Step.RESTART_DELETE, Fault.FAIL, 1, "faulty-runtime delete --force ID exited 1: injected failure",
                        "exited"),
                new Case(Step.RESTART_DELETE, Fault.HANG, 1, "faulty-runtime delete --force ID did not finish within 2 s",
                        "exited"),
                new Case(Step.RESTART_DELETE, Fault.GARBLE, 1, "faulty-runtime delete --force ID exited 1: invalid character",
                        "exited"),
                new Case(Step.RESTART_CREATE, Fault.FAIL, 1, "faulty-runtime create ID: injected failure of create", "exited"),
                new Case(Step.RESTART_CREATE, Fault.HANG, 1, "faulty-runtime did not report ID created within 3 s", "exited"),
                new Case(Step.RESTART_CREATE, Fault.FILLS, 1, full + "cannot save the record of NAME", "exited"),
                new Case(Step.RESTART_START, Fault.FAIL, 1, "faulty-runtime start ID exited 1: injected failure of start",
                        "exited"),
                new Case(Step.RESTART_START, Fault.HANG, 1, "faulty-runtime start ID did not finish within 2 s: killed it",
                        "exited"),
                new Case(Step.RESTART_START, Fault.GARBLE, 1, "faulty-runtime start ID exited 1: invalid character", "exited"),
                new Case(Step.RESTART_START, Fault.FILLS, 1, full + "cannot save the record of NAME", "exited"),
                new Case(Step.RESTART_START, Fault.FULL, 1, full + "cannot save the record of NAME", "exited"),
                new Case(Step.RESTART_START, Fault.READ_ONLY, 1, ro + "cannot restart NAME", "running"));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    @TestFactory
    Stream<DynamicTest> jtopKilledWhileTheRuntimeHoldsAStep() {
        return Stream.of(Step.CREATE, Step.START, Step.DELETE).map(s -> DynamicTest.dynamicTest(
                "kill -9 of " + s.command + " @" + s.verb, () -> killed(s)));
    }

    /**
     * jtop killed while the runtime holds the step: the next jtop shows what the host shows, while
     * the runtime still holds it and once it has gone on (a runtime call outlives its caller, as
     * runc's does), and rm -f then leaves nothing.
     */
    private void killed(Step step) throws Exception {
        String name = "faults-" + ++made;
        Set<String> before = entries();
        String id = step == Step.DELETE ? prepare(step, name) : null;
        arm(Fault.HANG, step.verb);
        List<String> args = new ArrayList<>(List.of("--root", root.toString(), "--run-dir", run.toString()));
        args.addAll(List.of(command(step, name)));
        Process jtop = Jtop.start(args.toArray(String[]::new));
        long holder;
        try {
            holder = held(step.verb);
        } finally {
            jtop.destroyForcibly(); // SIGKILL
            jtop.waitFor();
        }
        if (id == null) {
            id = madeSince(before);
        }
        String heldShown = shown(name);
        String heldTruth = truth(id);
        control(""); // the runtime goes on, its caller gone
        ProcessHandle.of(holder).ifPresent(h -> h.onExit().join());
        String shown = shown(name);
        String truth = truth(id);
        String inspected = inspected(name);
        InProcess.Run rm = jtop("rm", "-f", name);
        List<String> left = Remains.awaitNone(id, root, run);
        table.add(String.format("%-26s held: ps %-8s (host: %-7s) went on: ps %-8s inspect %-8s (host: %-7s) rm -f "
                + "exit %d  left %s",
                "kill -9 of " + step.command + " @" + step.verb, heldShown, heldTruth, shown, inspected, truth, rm.exit(),
                left));

        assertTrue(agree(heldShown, heldTruth), step + " held: shown " + heldShown + ", the host shows " + heldTruth);
        assertTrue(agree(shown, truth), step + " went on: shown " + shown + ", the host shows " + truth);
        assertEquals(shown, inspected, step + ": inspect shows what ps shows");
        assertEquals(0, rm.exit(), step + ": rm -f: " + rm.err());
        assertEquals(List.of(), left, step + ": left after rm -f");
    }

    /** Waits until the runtime holds a call of {@code verb}; returns the held process's pid. */
    private long held(String verb) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String call : Files.readAllLines(calls())) {
                String[] words = call.split(" ");
                if (words.length == 4 && words[0].equals(verb) && words[2].equals("held")) {
                    return Long.parseLong(words[3]);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the runtime was never asked to " + verb);
    }

    /** The pids of the runtime's calls that a hang holds still. */
    private List<Long> stillHeld() throws IOException {
        List<Long> out = new ArrayList<>();
        for (String call : Files.readAllLines(calls())) {
            String[] words = call.split(" ");
            if (words.length == 4 && words[2].equals("held")) {
                long pid = Long.parseLong(words[3]);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(pid);
                }
            }
        }
        return out;
    }

    /** Takes the step under the fault, then holds jtop to what it said, showed and left. */
    private void check(Case c) throws Exception {
        String name = "faults-" + ++made;
        Set<String> before = entries();
        String id = c.step == Step.CREATE || c.step == Step.START ? null : prepare(c.step, name);
        arm(c.fault, c.step.verb);
        long start = System.nanoTime();
        InProcess.Run r;
        List<Long> hung;
        try {
            r = jtop(command(c.step, name));
        } finally {
            hung = stillHeld(); // before the fault ends: what jtop gave up on, it must have ended
            disarm();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (id == null) {
            id = madeSince(before);
        }
        String shown = shown(name);
        String truth = id == null ? "none" : truth(id);
        String inspected = shown.equals("none") ? "none" : inspected(name);
        InProcess.Run rm = shown.equals("none") ? null : jtop("rm", "-f", name);
        List<String> left = id == null ? List.of() : Remains.awaitNone(id, root, run);
        String expected = c.message.replace("%s", root.toString()).replace("NAME", name)
                .replace("ID", id == null ? "?" : id);
        table.add(String.format("%-26s exit %d in %4d ms  ps %-8s inspect %-8s (host: %-7s) held %s rm -f %s  left %s"
                + "%n    %s", c, r.exit(), millis, shown, inspected, truth, hung, rm == null ? "-" : "exit " + rm.exit(),
                left, r.err().isEmpty() ? "(nothing on stderr)" : r.err().strip()));

        assertEquals(c.exit, r.exit(), c + ": " + r.err());
        assertOneLine(c, r.err(), expected);
        assertTrue(millis < COMMAND_BOUND_MILLIS, c + " took " + millis + " ms");
        assertEquals(List.of(), hung, c + ": runtime calls left holding");
        assertEquals(c.shown, shown, c + ": state shown");
        assertEquals(shown, inspected, c + ": inspect shows what ps shows");
        assertTrue(agree(shown, truth), c + ": shown " + shown + ", the host shows " + truth);
        if (rm != null) {
            assertEquals(0, rm.exit(), c + ": rm -f: " + rm.err());
        }
        assertEquals(List.of(), left, c + ": left after rm -f");
    }

    /** The line on stderr: one, {@code jtop: …}, with what is expected in it; no runc JSON nor Java exception. */
    private static void assertOneLine(Case c, String err, String expected) {
        if (expected.isEmpty()) {
            assertEquals("", err, c + ": nothing on stderr");
            return;
        }
        assertEquals(1, err.lines().count(), c + ": one line: " + err);
        assertTrue(err.startsWith("jtop: ") && err.contains(expected.replaceFirst("^jtop: ", "")),
                c + ": expected '" + expected + "' in: " + err);
        for (String never : List.of("{\"", "Exception", "\tat ")) {
            assertTrue(!err.contains(never), c + ": '" + never + "' in: " + err);
        }
    }

    /** A container for the step to act on, in the state it acts on: running, or paused to resume. */
    private String prepare(Step step, String name) {
        InProcess.Run r = jtop("run", "-d", "--runtime", runtime.toString(), "--name", name, "bb", "sleep", "600");
        assertEquals(0, r.exit(), r.err());
        if (step == Step.RESUME) {
            InProcess.Run p = jtop("pause", name);
            assertEquals(0, p.exit(), p.err());
        }
        return r.out().strip();
    }

    private String[] command(Step step, String name) {
        return switch (step) {
            case CREATE, START -> new String[] {"run", "-d", "--runtime", runtime.toString(), "--name", name,
                    "bb", "sleep", "600"};
            case KILL -> new String[] {"kill", name};
            case PAUSE -> new String[] {"pause", name};
            case RESUME -> new String[] {"unpause", name};
            case DELETE -> new String[] {"rm", "-f", name};
            case RESTART_DELETE, RESTART_CREATE, RESTART_START -> new String[] {"restart", "-t", "0", name};
        };
    }

    /** Sets the fault up: a line of the runtime's control file, or a full or read-only store. */
    private void arm(Fault fault, String verb) throws IOException {
        Files.writeString(calls(), "");
        switch (fault) {
            case FAIL, HANG, GARBLE -> control(verb + " " + fault.label());
            case FILLS -> control(verb + " fill " + store);
            case FULL -> Disks.fill(store);
            case READ_ONLY -> {
                // Over the store itself, as a store remounted read-only is: what conmon holds open
                // still writes, a new write through the path fails.
                Host.run("mount", "--rbind", store.toString(), store.toString());
                Host.run("mount", "-o", "remount,bind,ro", store.toString());
                readOnly = true;
            }
        }
    }

    /** Ends every fault: the runtime does as runc, the store is writable and has room. */
    private void disarm() throws IOException {
        control("");
        if (readOnly) {
            Host.run("umount", "-R", store.toString());
            readOnly = false;
        }
        Disks.unfill(store);
    }

    private void control(String line) throws IOException {
        Files.writeString(runtime.resolveSibling("faulty-runtime.faults"), line.isEmpty() ? "" : line + "\n");
    }

    /**
     * The id of the container a {@code run} made, whatever is left of it: what is new in the store or
     * the run directory, else what the runtime was asked about; null when nothing was made.
     */
    private String madeSince(Set<String> before) throws IOException {
        Set<String> now = entries();
        now.removeAll(before);
        if (!now.isEmpty()) {
            return now.iterator().next();
        }
        for (String call : Files.readAllLines(calls())) {
            String[] words = call.split(" ");
            if (words.length > 1 && words[1].matches("[0-9a-f]{64}")) {
                return words[1];
            }
        }
        return null;
    }

    /** Where the runtime writes "VERB ID" for each call, and "VERB ID held PID" when it holds one. */
    private Path calls() {
        return runtime.resolveSibling("faulty-runtime.calls");
    }

    /** The ids of every container that has anything in the store or the run directory. */
    private Set<String> entries() throws IOException {
        Set<String> ids = new TreeSet<>();
        for (Path dir : List.of(root.resolve("containers"), root.resolve("snapshots"), run, run.resolve("faulty-runtime"),
                run.resolve("exits"))) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (n.matches("[0-9a-f]{64}")) {
                        ids.add(n);
                    }
                }
            } catch (NoSuchFileException e) {
                // not made yet
            }
        }
        return ids;
    }

    /** The state {@code ps -a} shows of the container, or "none" when it does not list it. */
    private String shown(String name) throws IOException {
        InProcess.Run ps = jtop("ps", "-a", "--json", "-d", "0");
        assertEquals(0, ps.exit(), ps.err());
        for (JsonNode row : ps.json()) {
            if (row.path("name").asText().equals(name)) {
                return row.path("state").asText();
            }
        }
        return "none";
    }

    /** The state {@code inspect} shows of the container. */
    private String inspected(String name) throws IOException {
        InProcess.Run i = jtop("inspect", "--json", "-d", "0", name);
        assertEquals(0, i.exit(), i.err());
        return i.json().path("state").asText();
    }

    /**
     * What the host shows of a container, from its cgroup: running, paused (frozen), created (only
     * the runtime's init, waiting to be started; or nothing yet, while its conmon, which has not
     * written how it ended, has the runtime create it) or exited (nothing runs in it, or it is gone).
     */
    private String truth(String id) throws IOException {
        Path cgroup = Path.of("/sys/fs/cgroup/freezer/jtop", id);
        List<String> procs;
        try {
            procs = Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            procs = List.of();
        }
        if (procs.isEmpty()) {
            return conmonRuns(id) && !Files.exists(run.resolve("exits").resolve(id)) ? "created" : "exited";
        }
        if (Files.readString(cgroup.resolve("freezer.state")).strip().equals("FROZEN")) {
            return "paused";
        }
        for (String pid : procs) {
            try {
                if (!Files.readString(Path.of("/proc", pid.strip(), "comm")).startsWith("runc:[")) {
                    return "running";
                }
            } catch (NoSuchFileException e) {
                // ended meanwhile
            }
        }
        return "created";
    }

    /** Whether a conmon of the container runs. */
    private static boolean conmonRuns(String id) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().orElse("").endsWith("/conmon")
                && p.info().arguments().map(a -> List.of(a).contains(id)).orElse(false));
    }

    /** Whether what jtop shows is what the host shows; a container jtop does not list has nothing on the host. */
    private static boolean agree(String shown, String truth) {
        return shown.equals(truth) || shown.equals("none") && (truth.equals("exited") || truth.equals("none"));
    }
}
