package io.jtop.engine.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The OCI runtime as a set of commands: each call builds one argv and runs it. It takes no
 * decisions about which transitions are legal; the lifecycle does.
 */
public interface OciDriver {

    /** A created (not yet started) container: its init process and the conmon that watches it. */
    record Created(long containerPid, long conmonPid) {}

    /** runc's status words. */
    enum Status { CREATING, CREATED, RUNNING, PAUSED, STOPPED }

    /** What {@code runc state} says; {@code pid} is 0 once the container has stopped. */
    record State(String id, Status status, long pid) {}

    /**
     * Starts a monitor that creates container {@code id} from {@code bundle} and returns once the
     * runtime reports it {@code created}. Its output goes to {@code logFile}; its exit code, once it
     * exits, to {@code exitDir/ID}. The log file is replaced by an empty one each time it would grow
     * past {@code logSizeMax} bytes (no limit when not positive).
     *
     * @throws IOException with the runtime's or the monitor's one-line reason
     */
    Created create(String id, Path bundle, Path logFile, long logSizeMax, Path exitDir) throws IOException;

    /** {@link #create(String, Path, Path, long, Path)} with no limit on the log's size. */
    default Created create(String id, Path bundle, Path logFile, Path exitDir) throws IOException {
        return create(id, bundle, logFile, -1, exitDir);
    }

    void start(String id) throws IOException;

    /** The runtime's view of {@code id}, or empty when it does not know the container. */
    Optional<State> state(String id) throws IOException;

    void pause(String id) throws IOException;

    /**
     * Deletes a stopped container, or with {@code force} any container, killing it first; once
     * this returns, the monitor has written its exit file to {@code exitDir} if it is to write one.
     */
    void delete(String id, boolean force, Path exitDir) throws IOException;

    /** The pid of the monitor (conmon) that runs for container {@code id}, or 0 when none does. */
    long monitor(String id);

    /**
     * Forgets a container that has no process left, when the runtime could not delete it (it
     * failed, hung, or cannot read its own state of it): removes what the runtime keeps of it, as
     * its delete would have, and what the monitor kept, the monitor itself included.
     */
    void discard(String id) throws IOException;

    /** Runs a command inside the running container on this terminal; returns its exit code. */
    int exec(String id, boolean tty, List<String> command) throws IOException, InterruptedException;

    /** The code the monitor wrote when the container exited, or empty if it has not yet. */
    OptionalInt exitCode(Path exitDir, String id) throws IOException;
}
