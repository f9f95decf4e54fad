package io.jtop.engine.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * What jtop keeps of one of its containers, in {@code <root>/containers/<id>/state.json}, written
 * atomically. Everything needed to find the container again after jtop (or the host) restarts.
 *
 * @param id            64 hex digits
 * @param name          unique name
 * @param image         image id (config digest)
 * @param imageName     the reference it was run as
 * @param command       the process's argv
 * @param created       ISO-8601 time of creation
 * @param state         lifecycle state
 * @param pid           host pid of the container's init while it runs, else 0
 * @param pidStartTicks start time of that pid (field 22 of /proc/pid/stat): signals go to this process only
 * @param conmonPid     pid of the container's conmon, else 0
 * @param bootId        /proc/sys/kernel/random/boot_id when it was started: after a reboot it is not signalled
 * @param exitCode      exit code once exited (137 after SIGKILL), -1 when unknown
 * @param exitReason    why it is exited when there is no exit code (e.g. "conmon died", "host rebooted")
 * @param oomKilled     whether the kernel's OOM killer ended it
 * @param finished      ISO-8601 time it was seen exited, or null
 * @param autoRemove    {@code run --rm}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerRecord(
        String id,
        String name,
        String image,
        String imageName,
        List<String> command,
        String created,
        LifecycleState state,
        long pid,
        long pidStartTicks,
        long conmonPid,
        String bootId,
        int exitCode,
        String exitReason,
        boolean oomKilled,
        String finished,
        boolean autoRemove) {

    /**
     * Refuses a name Docker would refuse: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. A name is printed by
     * every command and drawn by the UI, so only text that cannot disturb a terminal is taken.
     *
     * @throws IllegalArgumentException {@code invalid container name 'TEXT': …} (the text as given;
     *                                  the CLI escapes it where it prints it)
     */
    public static void checkName(String name) {
        boolean ok = name != null && !name.isEmpty() && isAlnum(name.charAt(0));
        for (int i = 1; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = isAlnum(c) || c == '_' || c == '.' || c == '-';
        }
        if (!ok) {
            throw new IllegalArgumentException("invalid container name '" + name
                    + "': a name is a letter or digit, then letters, digits, '_', '.' or '-' (as Docker's)");
        }
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The same record in another state, after the lifecycle has allowed the transition. */
    public ContainerRecord moveTo(LifecycleState next) {
        state.check(next, name);
        return new ContainerRecord(id, name, image, imageName, command, created, next, pid, pidStartTicks, conmonPid,
                bootId, exitCode, exitReason, oomKilled, finished, autoRemove);
    }

    public ContainerRecord running(long newPid, long startTicks, long conmon, String boot) {
        state.check(LifecycleState.RUNNING, name);
        return new ContainerRecord(id, name, image, imageName, command, created, LifecycleState.RUNNING, newPid,
                startTicks, conmon, boot, -1, null, false, null, autoRemove);
    }

    public ContainerRecord exited(int code, String reason, boolean oom, String when) {
        state.check(LifecycleState.EXITED, name);
        return new ContainerRecord(id, name, image, imageName, command, created, LifecycleState.EXITED, 0, 0, 0,
                bootId, code, reason, oom, when, autoRemove);
    }
}
