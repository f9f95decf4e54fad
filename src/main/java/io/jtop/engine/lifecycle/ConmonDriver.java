package io.jtop.engine.lifecycle;

import io.jtop.engine.image.AtomicFiles;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drives an OCI runtime (runc, crun) through conmon, as podman does: conmon runs the runtime's
 * {@code create}, then stays as the container's parent to write its log and exit file; every other
 * action is a plain call of the runtime. Messages name the runtime by its file name
 * ({@code crun start ID exited 1: …}).
 *
 * <p>Layout under {@code runDir}: the runtime's state root (given as {@code --root} to every call,
 * including the ones conmon makes) is {@code NAME/} by default ({@code runc/}, {@code crun/}: each
 * runtime keeps its state in a format of its own), {@code sockets/} holds conmon's attach sockets,
 * and {@code ID/} holds the pid files, conmon's own output and the runtime's JSON log for that
 * container.
 *
 * <p>conmon double-forks and its first process exits as soon as the monitor is detached, before
 * the runtime's create is done, so success is learnt from the container's pid file, which the
 * runtime writes once it has created the container, and failure from its log or conmon's end
 * (podman uses inherited sync pipes instead, which ProcessBuilder cannot pass).
 *
 * <p>It stays one class of about 600 lines: every action is a call of the same runtime with the
 * same {@code --root} and log, run, bounded in time and turned into one line for the user by the
 * same few methods at its end; apart, each half would need the other's layout and waits.
 */
public final class ConmonDriver implements OciDriver {
    private static final long POLL_MILLIS = 5;
    private static final File DEV_NULL = new File("/dev/null");

    private final Path conmon;
    private final Path runtime;
    /** The runtime's file name, in messages. */
    private final String name;
    private final Path stateRoot;
    private final Path runDir;
    private final RuntimeWaits waits;
    /** Made on first use: the runtime is opened by every view, which may never ask runc anything. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    /** Read a runtime call's output while it runs: a call that hangs is waited for no longer than its time. */
    private static final class Readers {
        static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jtop-runtime-output");
            t.setDaemon(true);
            return t;
        });
    }

    public ConmonDriver(Path conmon, Path runtime, Path runDir) {
        this(conmon, runtime, runDir, RuntimeWaits.DEFAULT);
    }

    public ConmonDriver(Path conmon, Path runtime, Path runDir, RuntimeWaits waits) {
        this(conmon, runtime, defaultStateRoot(runDir, runtime), runDir, waits);
    }

    /** @param stateRoot the runtime's {@code --root}: where it keeps its state of each container */
    public ConmonDriver(Path conmon, Path runtime, Path stateRoot, Path runDir, RuntimeWaits waits) {
        this.conmon = conmon;
        this.runtime = runtime;
        this.name = runtime.getFileName().toString();
        this.stateRoot = stateRoot;
        this.runDir = runDir;
        this.waits = waits;
    }

    /** The state root of {@code runtime} under {@code runDir}: a directory named as the runtime's file. */
    public static Path defaultStateRoot(Path runDir, Path runtime) {
        return runDir.resolve(runtime.getFileName().toString());
    }

    /** The runtime's state root. */
    public Path stateRoot() {
        return stateRoot;
    }

    /** Where conmon's pid files and output and the runtime's log for {@code id} go. */
    Path containerDir(String id) {
        return runDir.resolve(id);
    }

    /** conmon's command line for {@code create}, with no limit on the log's size. */
    List<String> conmonArgv(String id, Path bundle, Path logFile, Path exitDir) {
        return conmonArgv(id, bundle, logFile, -1, exitDir);
    }

    /** conmon's command line for {@code create}; {@code --log-size-max} when {@code logSizeMax} is positive. */
    List<String> conmonArgv(String id, Path bundle, Path logFile, long logSizeMax, Path exitDir) {
        Path dir = containerDir(id);
        List<String> argv = new ArrayList<>(List.of(conmon.toString(),
                "--cid", id, "--cuuid", id, "--name", id,
                "--runtime", runtime.toString(),
                "--runtime-arg", "--root=" + stateRoot,
                "--runtime-arg", "--log=" + dir.resolve("runtime.log"),
                "--runtime-arg", "--log-format=json",
                "--bundle", bundle.toString(),
                "--container-pidfile", dir.resolve("container.pid").toString(),
                "--conmon-pidfile", dir.resolve("conmon.pid").toString(),
                "--exit-dir", exitDir.toString(),
                "--log-path", "k8s-file:" + logFile,
                // Without it conmon exits 1: it cannot create the attach socket's symlink.
                "--socket-dir-path", runDir.resolve("sockets").toString(),
                "--log-level", "info"));
        if (logSizeMax > 0) {
            argv.add("--log-size-max");
            argv.add(Long.toString(logSizeMax));
        }
        return argv;
    }

    /** The runtime's command line: the state root and JSON errors first, then {@code args}. */
    List<String> runtimeArgv(String... args) {
        List<String> argv = new ArrayList<>(List.of(runtime.toString(), "--root", stateRoot.toString(),
                "--log-format", "json"));
        argv.addAll(List.of(args));
        return argv;
    }

    @Override
    public Created create(String id, Path bundle, Path logFile, long logSizeMax, Path exitDir) throws IOException {
        AtomicFiles.privateDirectory(runDir); // what it holds of each container is root's alone
        Path dir = Files.createDirectories(containerDir(id));
        Files.createDirectories(runDir.resolve("sockets"));
        Files.createDirectories(exitDir);
        for (String stale : List.of("container.pid", "conmon.pid", "runtime.log", "conmon.out")) {
            Files.deleteIfExists(dir.resolve(stale));
        }
        Path out = dir.resolve("conmon.out");
        // Files, not pipes, so nothing ties the detached monitor to this JVM. In the container's
        // directory: conmon creates a file "oom" in its working directory when the container is
        // OOM-killed, which would otherwise land wherever the user ran jtop.
        Process p = new ProcessBuilder(conmonArgv(id, bundle, logFile, logSizeMax, exitDir))
                .directory(dir.toFile())
                .redirectInput(DEV_NULL)
                .redirectOutput(out.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            int exit = waitFor(p, "conmon for " + id);
            if (exit != 0) {
                throw new IOException("conmon for " + id + " exited " + exit + ": " + conmonReason(readOrEmpty(out)));
            }
            return awaitCreated(id, out);
        } catch (IOException | RuntimeException e) {
            stopMonitor(id, e); // a create that failed or never ended: nothing of it may stay
            throw e;
        }
    }

    /**
     * Waits until {@code id} is created: the runtime's create writes the container's pid file (runc
     * to a temporary name, then renamed) once the container is created, and exits; its init is then
     * conmon's child (conmon is a subreaper), which is when conmon watches it. conmon's pid file was
     * written before its first process exited. Throws the runtime's or conmon's reason, or that it
     * took too long.
     */
    private Created awaitCreated(String id, Path out) throws IOException {
        Path dir = containerDir(id);
        Path containerPid = dir.resolve("container.pid");
        Path conmonPid = dir.resolve("conmon.pid");
        long deadline = System.nanoTime() + waits.create().toNanos();
        while (true) {
            if (Files.exists(containerPid)) {
                Created created = new Created(readPid(containerPid), readPid(conmonPid));
                if (watched(created)) {
                    return created;
                }
            }
            String error = lastError(readOrEmpty(dir.resolve("runtime.log")));
            if (error != null) {
                throw new IOException(name + " create " + id + ": " + error);
            }
            if (!running(conmonPid)) {
                throw new IOException("conmon for " + id + " exited before " + name + " created it: "
                        + conmonReason(readOrEmpty(out)));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " did not report " + id + " created within "
                        + RuntimeWaits.said(waits.create()));
            }
            sleep();
        }
    }

    /**
     * Kills the conmon of {@code id} if it still runs, with every process it started (a runtime
     * create that never ended, the container's processes), and waits until it is gone. It is found
     * by its pid file and must be this driver's conmon for this container (its command line names
     * it), so that a pid used again since is left alone.
     */
    private void stopMonitor(String id) throws IOException {
        Optional<ProcessHandle> monitor = monitorProcess(id);
        if (monitor.isPresent() && !killTree(monitor.get())) {
            throw new IOException("conmon of " + id + " (pid " + monitor.get().pid() + ") did not end within "
                    + RuntimeWaits.said(waits.call()) + " of SIGKILL");
        }
    }

    /** {@link #stopMonitor} after a failure: what fails in it is told with that failure, not instead of it. */
    private void stopMonitor(String id, Exception failure) {
        try {
            stopMonitor(id);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public long monitor(String id) {
        return monitorProcess(id).map(ProcessHandle::pid).orElse(0L);
    }

    /** The conmon of {@code id} from its pid file, if it still runs. */
    private Optional<ProcessHandle> monitorProcess(String id) {
        long pid;
        try {
            pid = readPid(containerDir(id).resolve("conmon.pid"));
        } catch (IOException e) {
            return Optional.empty(); // never started, or its files are gone
        }
        return ProcessHandle.of(pid).filter(h -> h.info().command().map(conmon.toString()::equals).orElse(false)
                && h.info().arguments().map(a -> List.of(a).contains(id)).orElse(false));
    }

    @Override
    public void start(String id) throws IOException {
        call("start", id);
    }

    /**
     * The runtime's state of {@code id}; empty when it has none: runc says it "does not exist",
     * crun (1.8) only that it cannot open its status file, so a failed call when the runtime has
     * no directory of {@code id} in its root means the same. While the runtime creates it, that
     * directory is there but its state is not yet: that stays a failure.
     */
    @Override
    public Optional<State> state(String id) throws IOException {
        String what = name + " state " + id;
        Result r = exec(what, runtimeArgv("state", id));
        if (r.exit() != 0) {
            String reason = lastError(r.stderr());
            if ((reason != null && reason.contains("does not exist")) || !Files.isDirectory(stateRoot.resolve(id))) {
                return Optional.empty();
            }
            throw r.failure(what);
        }
        return Optional.of(parseState(name, r.stdout()));
    }

    @Override
    public void pause(String id) throws IOException {
        call("pause", id);
    }

    /**
     * Deletes the container from the runtime, then what conmon kept of it here: its process if it still
     * runs, its pid files, output and attach socket's link. A container that ran until now has its
     * conmon's exit file awaited first (conmon writes it at once, but lingers a second more), so
     * that none comes after the caller's clean-up.
     */
    @Override
    public void delete(String id, boolean force, Path exitDir) throws IOException {
        Path dir = containerDir(id);
        boolean ran = running(dir.resolve("container.pid"));
        // Without a state directory the runtime keeps nothing of it (deleted once it exited, or
        // never created), and is not asked.
        if (Files.exists(stateRoot.resolve(id))) {
            if (force) {
                call("delete", "--force", id);
            } else {
                call("delete", id);
            }
        }
        long deadline = System.nanoTime() + waits.create().toNanos();
        while (ran && !Files.exists(exitDir.resolve(id)) && running(dir.resolve("conmon.pid"))
                && System.nanoTime() < deadline) {
            sleep();
        }
        forgetMonitor(id);
    }

    /** The runtime's state of {@code id} is a directory of its root: what its delete removes there, removed here. */
    @Override
    public void discard(String id) throws IOException {
        forgetMonitor(id);
        AtomicFiles.deleteTree(stateRoot.resolve(id));
    }

    /** Stops the conmon of {@code id} if it still runs, then removes its pid files, output and attach socket's link. */
    private void forgetMonitor(String id) throws IOException {
        stopMonitor(id); // one whose runtime create never ended (its creator was killed) waits for nothing
        AtomicFiles.deleteTree(containerDir(id));
        Files.deleteIfExists(runDir.resolve("sockets").resolve(id));
    }

    /** Whether conmon is the parent of the container's init (the runtime's create has exited), or the init has gone. */
    private static boolean watched(Created c) {
        Optional<ProcessHandle> init = ProcessHandle.of(c.containerPid());
        return init.isEmpty() || init.get().parent().map(ProcessHandle::pid).orElse(-1L) == c.conmonPid();
    }

    /** Whether the process a pid file names runs; not when there is no such file, or it holds no pid. */
    private static boolean running(Path pidFile) {
        try {
            return alive(readPid(pidFile));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public OptionalInt exitCode(Path exitDir, String id) throws IOException {
        Path file = exitDir.resolve(id);
        if (!Files.exists(file)) {
            return OptionalInt.empty(); // still running: the common case, asked every tick
        }
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        }
        if (text.isEmpty()) { // created, not yet written
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IOException("unable to parse exit file " + file + ": '" + text + "'", e);
        }
    }

    /** Parses the JSON of {@code runtime state} (the OCI state); unknown fields are ignored. */
    static State parseState(String runtime, String json) throws IOException {
        JsonNode node = Json.MAPPER.readTree(json);
        String status = node.path("status").asText("");
        try {
            return new State(node.path("id").asText(), Status.valueOf(status.toUpperCase(Locale.ROOT)),
                    node.path("pid").asLong());
        } catch (IllegalArgumentException e) {
            throw new IOException(runtime + " state: unknown status '" + status + "'", e);
        }
    }

    /**
     * The message of the last {@code error} or {@code fatal} entry in the runtime's JSON log lines
     * (runc and crun write the same), or null. Lines that are not JSON (runc panics, crun's plain
     * errors, older runtimes) count as errors as they are.
     */
    static String lastError(String jsonLines) {
        String last = null;
        for (String line : jsonLines.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (!l.startsWith("{")) {
                last = l;
                continue;
            }
            try {
                JsonNode node = Json.MAPPER.readTree(l);
                String level = node.path("level").asText();
                if (level.equals("error") || level.equals("fatal")) {
                    last = node.path("msg").asText("the runtime logged an error without a message");
                }
            } catch (IOException e) {
                last = "the runtime logged an unreadable line"; // cut short: never shown raw
            }
        }
        return last;
    }

    /** conmon's last error line ({@code [conmon:e]: …}), else its last line, else a placeholder. */
    static String conmonReason(String output) {
        String last = null;
        String lastError = null;
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                last = l;
                if (l.startsWith("[conmon:e]")) {
                    lastError = l;
                }
            }
        }
        String reason = lastError != null ? lastError : last;
        return reason == null ? "no output" : reason;
    }

    /**
     * Runs a command in a running container (the runtime's {@code exec}) with this process's
     * terminal and streams, and returns its exit code. With {@code tty}, the runtime gives it a
     * pseudo-terminal.
     *
     * <p>When the runtime cannot start the command, it says why in its log (JSON, here a file of
     * this exec's own) and again as plain text on its standard error, which the command's own
     * standard error comes through: that stream is held back ({@link ExecStderr}) until the runtime
     * has written the command's pid file, which it does once the command has started. If it never
     * does, the runtime's text is dropped and the log's reason thrown, one line.
     *
     * @throws IOException with the runtime's reason when the command could not be started
     */
    @Override
    public int exec(String id, boolean tty, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(Files.createDirectories(containerDir(id)), "exec-", ".log");
        Path pidFile = log.resolveSibling(log.getFileName() + ".pid");
        try {
            List<String> args = new ArrayList<>(List.of("--log", log.toString(), "exec", "--pid-file", pidFile.toString()));
            if (tty) {
                args.add("--tty");
            }
            args.add(id);
            args.addAll(command);
            Process p = start(new ProcessBuilder(runtimeArgv(args.toArray(String[]::new)))
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT), name + " exec");
            ExecStderr err = ExecStderr.start(p.getErrorStream(), new FileOutputStream(FileDescriptor.err));
            while (!err.released() && !p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (Files.exists(pidFile)) {
                    err.release();
                }
            }
            int exit = p.waitFor();
            String failure = Files.exists(pidFile) ? null : lastError(readOrEmpty(log));
            err.finish(failure != null);
            if (failure != null) {
                throw new IOException(name + " exec: " + failure);
            }
            return exit;
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(pidFile);
        }
    }

    private void call(String... args) throws IOException {
        String what = name + " " + String.join(" ", args);
        Result r = exec(what, runtimeArgv(args));
        if (r.exit() != 0) {
            throw r.failure(what);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
        IOException failure(String what) {
            String reason = lastError(stderr);
            return new IOException(what + " exited " + exit + ": " + (reason == null ? "no output" : reason));
        }
    }

    /**
     * Runs one call of the runtime, {@code what} in messages. Its output is read while it runs:
     * the call is waited for by its time alone, whatever it writes or holds open.
     */
    private Result exec(String what, List<String> argv) throws IOException {
        Process p = start(new ProcessBuilder(argv).redirectInput(DEV_NULL), what);
        Future<String> stdout = Readers.POOL.submit(() -> readAll(p.getInputStream()));
        Future<String> stderr = Readers.POOL.submit(() -> readAll(p.getErrorStream()));
        int exit = waitFor(p, what);
        return new Result(exit, output(stdout, what), output(stderr, what));
    }

    /**
     * Starts a call of the runtime; one that cannot be run (removed or replaced since the container
     * was made with it) is said as such, in one line naming it.
     */
    private Process start(ProcessBuilder call, String what) throws IOException {
        try {
            return call.start();
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().replaceFirst("(?s)^.*error=\\d+, ", "");
            throw new IOException(what + ": cannot run " + call.command().get(0) + " (" + why + ")", e);
        }
    }

    /**
     * What a call that ended wrote; a process it left behind may hold its pipe open, so that is
     * waited for no longer than a call.
     */
    private String output(Future<String> text, String what) throws IOException {
        try {
            return text.get(waits.call().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            text.cancel(true);
            throw new IOException(what + " ended, but what it started kept its output open for "
                    + RuntimeWaits.said(waits.call()));
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + what + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Waits for a call to end; one that outlasts its time is killed with every process it started,
     * and said in one line.
     */
    private int waitFor(Process p, String what) throws IOException {
        try {
            if (!p.waitFor(waits.call().toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                throw new IOException(what + " did not finish within " + RuntimeWaits.said(waits.call())
                        + ": killed it");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(p.toHandle());
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Kills a process, then every process it started: the parent first, so that it starts no
     * more, and its descendants as they were found before (each handle checks its process's
     * start time, so a pid used again since is left alone). Then waits until they are gone, for
     * a call's time at most: nothing jtop gave up on may still act once it has said so.
     *
     * @return whether they all ended
     */
    private boolean killTree(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(p);
        all.addAll(p.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + waits.call().toNanos();
        try {
            for (ProcessHandle h : all) {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String readOrEmpty(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static long readPid(Path file) throws IOException {
        String text = Files.readString(file).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("unable to parse pid file " + file + ": '" + text + "'", e);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the runtime's create", e);
        }
    }
}
