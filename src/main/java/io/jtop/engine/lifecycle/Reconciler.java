package io.jtop.engine.lifecycle;

import java.util.OptionalInt;

/**
 * Brings a record up to date with what the host says, so nothing is lost while jtop was not
 * running: a container whose conmon wrote an exit file is exited with that code; one whose conmon
 * died without writing it is exited (-1) with that reason, never "running" forever; after a reboot
 * every container is exited and never signalled (its pid may belong to anything now); one still
 * being created (no conmon yet) is left alone while its creator runs. Pure: the caller gathers the
 * facts.
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
     * @param now         ISO-8601 time of this look, asked only when the record changes
     */
    public record HostView(String bootId, OptionalInt exitCode, boolean conmonAlive, boolean oomKilled,
                           java.util.function.BooleanSupplier beingCreated, java.util.function.Supplier<String> now) {
    }

    private Reconciler() {
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
            return host.beingCreated().getAsBoolean() ? r
                    : r.exited(-1, "its creation was interrupted", false, host.now().get());
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
