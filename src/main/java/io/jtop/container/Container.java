package io.jtop.container;

import java.time.Instant;
import java.util.Objects;

/**
 * One container as a backend knows it: identity, where it lives in the cgroup tree and its state.
 * Metrics are not part of it; they come per tick as a {@link Sample}.
 *
 * @param id         full id (64 hex for Docker-like runtimes, the name for LXC and nspawn)
 * @param name       human name, or null when nothing tells it
 * @param runtime    who started it
 * @param image      image reference, or null when unknown
 * @param pid        host PID of the container's init process, 0 when it has none
 * @param state      lifecycle state
 * @param cgroup     cgroup path relative to the hierarchy root, e.g. {@code /docker/<id>}
 * @param startedAt  when the init process started, or null when unknown
 * @param exitCode   exit code once exited, else null
 * @param oomKilled  whether the kernel's OOM killer ended it
 * @param details    what an engine adds (labels, health, restarts, creation), or null from backends that know none
 * @param stateReason why the state is {@link ContainerState#UNKNOWN}, e.g. {@code corrupt record: truncated}; else null
 * @param finishedAt when it exited, once exited and where the runtime tells it; else null
 */
public record Container(
        String id,
        String name,
        Runtime runtime,
        String image,
        int pid,
        ContainerState state,
        String cgroup,
        Instant startedAt,
        Integer exitCode,
        boolean oomKilled,
        Details details,
        String stateReason,
        Instant finishedAt) {

    public Container {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(state, "state");
    }

    /** A container whose exit time is not known. */
    public Container(String id, String name, Runtime runtime, String image, int pid, ContainerState state, String cgroup,
                     Instant startedAt, Integer exitCode, boolean oomKilled, Details details, String stateReason) {
        this(id, name, runtime, image, pid, state, cgroup, startedAt, exitCode, oomKilled, details, stateReason, null);
    }

    /** A container whose state is known, with what an engine tells of it. */
    public Container(String id, String name, Runtime runtime, String image, int pid, ContainerState state, String cgroup,
                     Instant startedAt, Integer exitCode, boolean oomKilled, Details details) {
        this(id, name, runtime, image, pid, state, cgroup, startedAt, exitCode, oomKilled, details, null);
    }

    /** A container without engine details. */
    public Container(String id, String name, Runtime runtime, String image, int pid, ContainerState state, String cgroup,
                     Instant startedAt, Integer exitCode, boolean oomKilled) {
        this(id, name, runtime, image, pid, state, cgroup, startedAt, exitCode, oomKilled, null, null);
    }

    /** The first 12 characters of the id, as docker shows it. */
    public String shortId() {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }

    /** The name, or the short id when nothing tells a name: how messages name a container. */
    public String displayName() {
        return name != null ? name : shortId();
    }

    /** The pod or Compose project this container belongs to, or null. */
    public Membership membership() {
        return details == null ? null : details.membership();
    }

    public Container withDetails(Details newDetails) {
        return new Container(id, name, runtime, image, pid, state, cgroup, startedAt, exitCode, oomKilled, newDetails,
                stateReason, finishedAt);
    }

    /** The same container under another name, e.g. a group's member as its group's line shows it. */
    public Container withName(String newName) {
        return new Container(id, newName, runtime, image, pid, state, cgroup, startedAt, exitCode, oomKilled, details,
                stateReason, finishedAt);
    }

    public Container withState(ContainerState newState) {
        return new Container(id, name, runtime, image, pid, newState, cgroup, startedAt, exitCode, oomKilled, details,
                stateReason, finishedAt);
    }

    /**
     * This container, as an engine listed it, completed with what the kernel showed of the same
     * container ({@code seen}, found in the cgroup tree): the cgroup path where the engine did not
     * say one, and the init's pid and start where the engine knows no process. Only while the
     * engine says it runs, or cannot tell (whatever the cgroup tree shows of it is all there is):
     * an exited container's cgroup may linger for a moment.
     */
    public Container completedBy(Container seen) {
        if (state != ContainerState.RUNNING && state != ContainerState.PAUSED && state != ContainerState.UNKNOWN) {
            return this;
        }
        boolean noProcess = pid <= 0;
        return new Container(id, name, runtime, image, noProcess ? seen.pid : pid, state,
                cgroup != null ? cgroup : seen.cgroup, noProcess ? seen.startedAt : startedAt, exitCode, oomKilled,
                details, stateReason, finishedAt);
    }

    /** This container with the time it exited. */
    public Container withFinishedAt(Instant when) {
        return new Container(id, name, runtime, image, pid, state, cgroup, startedAt, exitCode, oomKilled, details,
                stateReason, when);
    }
}
