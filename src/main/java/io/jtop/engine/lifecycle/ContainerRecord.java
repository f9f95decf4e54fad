package io.jtop.engine.lifecycle;

import java.util.List;

/**
 * What jtop keeps of one of its containers, in {@code <root>/containers/<id>/state.json}, written
 * atomically. Everything needed to find the container again after jtop (or the host) restarts.
 * How each field is written and read, in the record's file and in the index, is {@link RecordField}'s
 * table; a record is made with {@link #builder()} or from another with {@link #toBuilder()}.
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

    /** A record with every field empty (null, 0, false), as a record's file without them reads. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields, to make a record that differs in some. */
    public Builder toBuilder() {
        return new Builder().id(id).name(name).image(image).imageName(imageName).command(command).created(created)
                .state(state).pid(pid).pidStartTicks(pidStartTicks).conmonPid(conmonPid).bootId(bootId)
                .exitCode(exitCode).exitReason(exitReason).oomKilled(oomKilled).finished(finished)
                .autoRemove(autoRemove);
    }

    /** The same record in another state, after the lifecycle has allowed the transition. */
    public ContainerRecord moveTo(LifecycleState next) {
        state.check(next, name);
        return toBuilder().state(next).build();
    }

    /** The record of its init started (again): what an earlier run ended with is cleared. */
    public ContainerRecord running(long newPid, long startTicks, long conmon, String boot) {
        state.check(LifecycleState.RUNNING, name);
        return toBuilder().state(LifecycleState.RUNNING).pid(newPid).pidStartTicks(startTicks).conmonPid(conmon)
                .bootId(boot).exitCode(-1).exitReason(null).oomKilled(false).finished(null).build();
    }

    /** The record of its end: no pid is left to signal. */
    public ContainerRecord exited(int code, String reason, boolean oom, String when) {
        state.check(LifecycleState.EXITED, name);
        return toBuilder().state(LifecycleState.EXITED).pid(0).pidStartTicks(0).conmonPid(0).exitCode(code)
                .exitReason(reason).oomKilled(oom).finished(when).build();
    }

    /** A record's fields one by one, each named where it is set. */
    public static final class Builder {
        private String id;
        private String name;
        private String image;
        private String imageName;
        private List<String> command;
        private String created;
        private LifecycleState state;
        private long pid;
        private long pidStartTicks;
        private long conmonPid;
        private String bootId;
        private int exitCode;
        private String exitReason;
        private boolean oomKilled;
        private String finished;
        private boolean autoRemove;

        private Builder() {
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder image(String v) {
            image = v;
            return this;
        }

        public Builder imageName(String v) {
            imageName = v;
            return this;
        }

        public Builder command(List<String> v) {
            command = v;
            return this;
        }

        public Builder created(String v) {
            created = v;
            return this;
        }

        public Builder state(LifecycleState v) {
            state = v;
            return this;
        }

        public Builder pid(long v) {
            pid = v;
            return this;
        }

        public Builder pidStartTicks(long v) {
            pidStartTicks = v;
            return this;
        }

        public Builder conmonPid(long v) {
            conmonPid = v;
            return this;
        }

        public Builder bootId(String v) {
            bootId = v;
            return this;
        }

        public Builder exitCode(int v) {
            exitCode = v;
            return this;
        }

        public Builder exitReason(String v) {
            exitReason = v;
            return this;
        }

        public Builder oomKilled(boolean v) {
            oomKilled = v;
            return this;
        }

        public Builder finished(String v) {
            finished = v;
            return this;
        }

        public Builder autoRemove(boolean v) {
            autoRemove = v;
            return this;
        }

        public ContainerRecord build() {
            return new ContainerRecord(id, name, image, imageName, command, created, state, pid, pidStartTicks,
                    conmonPid, bootId, exitCode, exitReason, oomKilled, finished, autoRemove);
        }
    }
}
