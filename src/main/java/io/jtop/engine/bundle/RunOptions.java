package io.jtop.engine.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code jtop run} parsed: syntax already checked by the CLI, meaning checked by
 * {@link SpecGenerator}. Null means "not given"; lists are never null.
 *
 * @param env         {@code K=V} entries from {@code -e}, overriding the image's
 * @param uid         from {@code -u}; null to take the image's User
 * @param gid         from {@code -u UID:GID}; null means 0 when {@code uid} is given
 * @param memorySwapBytes memory plus swap, as Docker's {@code --memory-swap}; -1 is unlimited
 * @param allowSocket bind container engine sockets anyway ({@code --allow-socket})
 * @param capAdd      and {@code capDrop}: {@code --cap-add}, {@code --cap-drop}, as {@link Capabilities#normalize} gives them
 * @param seccomp     the profile of {@code --security-opt seccomp=FILE}; null for jtop's default
 * @param seccompUnconfined {@code --security-opt seccomp=unconfined}: no filter at all
 * @param noNewPrivileges {@code --security-opt no-new-privileges[=…]}; null: on, unless privileged
 * @param systemPathsUnconfined {@code --security-opt systempaths=unconfined}: no masked or read-only paths
 * @param args        the command after IMAGE; empty to take the image's Cmd
 */
public record RunOptions(String name, List<String> env, String workdir, Integer uid, Integer gid, String hostname,
        Long memoryBytes, Long memorySwapBytes, Double cpus, Long cpuShares, Long pidsLimit, boolean readOnly,
        List<Bind> binds, List<Tmpfs> tmpfs, Network network, boolean hostPid, boolean privileged,
        boolean allowSocket, List<String> capAdd, List<String> capDrop, SeccompProfile seccomp,
        boolean seccompUnconfined, Boolean noNewPrivileges, boolean systemPathsUnconfined, List<String> args) {

    public enum Network { NONE, HOST }

    /** {@code -v HOST:CTR[:ro]}. */
    public record Bind(Path hostPath, String containerPath, boolean readOnly) {}

    /** {@code --tmpfs PATH[:SIZE]}; null size is the kernel's default (half of RAM). */
    public record Tmpfs(String path, Long sizeBytes) {}

    public RunOptions {
        env = List.copyOf(env);
        binds = List.copyOf(binds);
        tmpfs = List.copyOf(tmpfs);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        args = List.copyOf(args);
        network = network == null ? Network.NONE : network;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options one at a time, for the CLI and tests; unset ones are the {@code jtop run} defaults. */
    public static final class Builder {
        private String name;
        private final List<String> env = new ArrayList<>();
        private String workdir;
        private Integer uid;
        private Integer gid;
        private String hostname;
        private Long memoryBytes;
        private Long memorySwapBytes;
        private Double cpus;
        private Long cpuShares;
        private Long pidsLimit;
        private boolean readOnly;
        private final List<Bind> binds = new ArrayList<>();
        private final List<Tmpfs> tmpfs = new ArrayList<>();
        private Network network = Network.NONE;
        private boolean hostPid;
        private boolean privileged;
        private boolean allowSocket;
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private SeccompProfile seccomp;
        private boolean seccompUnconfined;
        private Boolean noNewPrivileges;
        private boolean systemPathsUnconfined;
        private final List<String> args = new ArrayList<>();

        private Builder() {}

        public Builder name(String v) { name = v; return this; }
        public Builder env(String keyEqualsValue) { env.add(keyEqualsValue); return this; }
        public Builder workdir(String v) { workdir = v; return this; }
        public Builder user(Integer u, Integer g) { uid = u; gid = g; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder memory(Long v) { memoryBytes = v; return this; }
        public Builder memorySwap(Long v) { memorySwapBytes = v; return this; }
        public Builder cpus(Double v) { cpus = v; return this; }
        public Builder cpuShares(Long v) { cpuShares = v; return this; }
        public Builder pidsLimit(Long v) { pidsLimit = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder bind(Path host, String container, boolean ro) { binds.add(new Bind(host, container, ro)); return this; }
        public Builder tmpfs(String path, Long size) { tmpfs.add(new Tmpfs(path, size)); return this; }
        public Builder network(Network v) { network = v; return this; }
        public Builder hostPid(boolean v) { hostPid = v; return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder allowSocket(boolean v) { allowSocket = v; return this; }
        public Builder capAdd(String cap) { capAdd.add(cap); return this; }
        public Builder capDrop(String cap) { capDrop.add(cap); return this; }
        public Builder seccomp(SeccompProfile v) { seccomp = v; seccompUnconfined = false; return this; }
        public Builder seccompUnconfined() { seccomp = null; seccompUnconfined = true; return this; }
        public Builder seccompDefault() { seccomp = null; seccompUnconfined = false; return this; }
        public Builder noNewPrivileges(Boolean v) { noNewPrivileges = v; return this; }
        public Builder systemPathsUnconfined(boolean v) { systemPathsUnconfined = v; return this; }
        public Builder args(String... v) { args.addAll(List.of(v)); return this; }

        public RunOptions build() {
            return new RunOptions(name, env, workdir, uid, gid, hostname, memoryBytes, memorySwapBytes, cpus,
                    cpuShares, pidsLimit, readOnly, binds, tmpfs, network, hostPid, privileged, allowSocket, capAdd, capDrop,
                    seccomp, seccompUnconfined, noNewPrivileges, systemPathsUnconfined, args);
        }
    }
}
