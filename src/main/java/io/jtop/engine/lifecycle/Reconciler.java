package io.jtop.engine.lifecycle;

import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Brings a record up to date with what the host says, so nothing is lost while jtop was not
 * running: a container whose conmon wrote an exit file is exited with that code; one whose conmon
 * died without writing it is exited (-1) with that reason, never "running" forever; after a reboot
 * every container is exited and never signalled (its pid may belong to anything now); one still
 * being created (no conmon yet) is left alone while its creator runs, and one whose creator was
 * killed half-way is what its conmon and the runtime show. Pure: the caller gathers the facts.
 */
public final class Reconciler {

    /**
     * What the host shows of one container now.
     *
     * @param bootId      {@code /proc/sys/kernel/random/boot_id}
     * @param exitCode    the code in conmon's exit file, if it has written one
     * @param conmonAlive whether the container's conmon (same pid and start time) still runs
     * @param oomKilled   whether the cgroup saw an OOM kill
     * @param beingCreated whether a jtop process is still creating the container (see
     *                    {@link StateStore#beingCreated}); asked only of a created record with no conmon
     * @param orphan      what its conmon and the runtime show of it, asked only of a created record
     *                    with no conmon whose creator has ended
     * @param now         ISO-8601 time of this look, asked only when the record changes
     */
    public record HostView(String bootId, OptionalInt exitCode, boolean conmonAlive, boolean oomKilled,
                           BooleanSupplier beingCreated, Supplier<Orphan> orphan, Supplier<String> now) {
    }

    /**
     * A container whose creator ended (killed) before it recorded the container's conmon: its
     * conmon, if one still runs for it (found by its pid file), and what the runtime says of it.
     *
     * @param conmonPid     the conmon's pid, 0 when none runs
     * @param status        the runtime's status, null when it does not know the container or cannot say
     * @param pid           the container's init while it runs
     * @param pidStartTicks that process's start time
     */
    public record Orphan(long conmonPid, OciDriver.Status status, long pid, long pidStartTicks) {
        /** No conmon runs for it. */
        public static final Orphan NONE = new Orphan(0, null, 0, 0);
    }

    private Reconciler() {
    }

    /**
     * A created record whose creator was killed before it recorded a conmon: the runtime may have
     * gone on (a {@code runc create} or {@code start} under way when the creator died ends all the
     * same), so it is what the runtime shows while its conmon runs, and exited once that is gone.
     */
    private static ContainerRecord orphaned(ContainerRecord r, HostView host) {
        Orphan o = host.orphan().get();
        if (o.conmonPid() > 0 && o.pid() > 0
                && (o.status() == OciDriver.Status.RUNNING || o.status() == OciDriver.Status.PAUSED)) {
            ContainerRecord running = r.running(o.pid(), o.pidStartTicks(), o.conmonPid(), host.bootId());
            return o.status() == OciDriver.Status.PAUSED ? running.moveTo(LifecycleState.PAUSED) : running;
        }
        if (o.conmonPid() > 0) {
            return r; // created, or still being created by the runtime its conmon waits for
        }
        if (host.exitCode().isPresent()) {
            int code = host.exitCode().getAsInt();
            return r.exited(code, null, host.oomKilled() && code == 137, host.now().get());
        }
        return r.exited(-1, "its creation was interrupted", false, host.now().get());
    }

    public static ContainerRecord reconcile(ContainerRecord r, HostView host) {
        if (!r.state().onHost()) {
            return r;
        }
        if (r.bootId() != null && !r.bootId().equals(host.bootId())) {
            return r.exited(-1, "host rebooted", false, host.now().get());
        }
        if (r.state() == LifecycleState.CREATED && r.conmonPid() <= 0) {
            // No conmon yet: its creator has not got that far, or was killed before it did.
            return host.beingCreated().getAsBoolean() ? r : orphaned(r, host);
        }
        if (host.exitCode().isPresent()) {
            int code = host.exitCode().getAsInt();
            return r.exited(code, null, host.oomKilled() && code == 137, host.now().get());
        }
        if (!host.conmonAlive()) {
            return r.exited(-1, "conmon died without writing an exit code", false, host.now().get());
        }
        return r;
    }
}
