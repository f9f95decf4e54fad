package io.jtop.engine.bundle;

import java.math.BigInteger;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The subset of the OCI runtime spec 1.0.2 {@code config.json} that jtop writes.
 *
 * <p>Component names are the spec's JSON names: {@link BundleWriter} writes each component under
 * its name and leaves a null one out (the spec's "optional"). Reading ignores fields we do not model.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Spec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux) {

    public static final String OCI_VERSION = "1.0.2";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
            Capabilities capabilities, List<Rlimit> rlimits, boolean noNewPrivileges) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long uid, long gid, List<Long> additionalGids) {}

    /** Inheritable and ambient sets are left out: a non-root process gains nothing across execve. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rlimit(String type, long hard, long soft) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Root(String path, boolean readonly) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String destination, String type, String source, List<String> options) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Linux(List<Namespace> namespaces, String cgroupsPath, Resources resources,
            List<String> maskedPaths, List<String> readonlyPaths, Seccomp seccomp) {}

    /**
     * A seccomp filter: {@code defaultAction} for every call no rule matches. Actions are
     * {@code SCMP_ACT_*}, architectures {@code SCMP_ARCH_*}; errno values are numbers.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Seccomp(String defaultAction, Long defaultErrnoRet, List<String> architectures, List<String> flags,
            String listenerPath, String listenerMetadata, List<Syscall> syscalls) {}

    /** One rule: these calls get {@code action} when every one of {@code args} holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Syscall(List<String> names, String action, Long errnoRet, List<SeccompArg> args) {}

    /**
     * A test of argument {@code index} (0 to 5) against {@code value}; {@code SCMP_CMP_MASKED_EQ}
     * compares {@code arg & value} with {@code valueTwo}. Values are unsigned 64-bit.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SeccompArg(int index, BigInteger value, BigInteger valueTwo, String op) {}

    /** {@code type} is one of pid, network, mount, ipc, uts, user, cgroup; no path means a new one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Namespace(String type, String path) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {}

    /** A device cgroup rule; runc appends its own default allow list after ours. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    /** {@code swap} is memory plus swap, as in the spec; -1 is unlimited. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long limit, Long swap) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(Long shares, Long quota, Long period) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {}
}
