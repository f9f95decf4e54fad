package io.jtop.linux.proc;

import io.jtop.text.Utf8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code /proc} under an injected root: production passes {@code /}, tests a fixture tree.
 * Every method returns null (or an empty list) for a process that has gone, never throws for it.
 */
public final class ProcFs {

    private static final int AT_PAGESZ = 6;
    private static final int AT_CLKTCK = 17;

    private final Path proc;
    private final KernelFiles files;
    /** {CLK_TCK, page size}, or null until first asked. */
    private volatile long[] auxv;
    private volatile long bootTime;
    private volatile int capLastCap = -2;
    /** {@link #capabilityBound}, 0 until first asked. */
    private volatile long capBound;
    /** Processes whose files are kept open, so they can be closed when the process is gone. */
    private final Set<Integer> kept = ConcurrentHashMap.newKeySet();

    public ProcFs(Path root, KernelFiles files) {
        this.proc = root.resolve("proc");
        this.files = files;
    }

    public Path dir() {
        return proc;
    }

    public Path pidDir(int pid) {
        return proc.resolve(Integer.toString(pid));
    }

    /** Every numeric entry of /proc, i.e. every process visible to us. */
    public List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
                    try {
                        pids.add(Integer.parseInt(n));
                    } catch (NumberFormatException ignored) {
                        // not a pid
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return pids;
    }

    /** The stat of a process read through a descriptor kept open: for processes read every tick. */
    public ProcStat stat(int pid) {
        kept.add(pid);
        return ProcStat.parse(files.read(pidDir(pid).resolve("stat")));
    }

    /** The stat of a process read without keeping the file open: for processes seen once. */
    public ProcStat statOnce(int pid) {
        return ProcStat.parse(files.readOnce(pidDir(pid).resolve("stat")));
    }

    /** Closes the descriptors kept open for a process that is gone. */
    public void forget(int pid) {
        kept.remove(pid);
        files.forget(pidDir(pid));
    }

    /** Closes the descriptors kept open for every process not in {@code live}. */
    public void retainOnly(Set<Integer> live) {
        for (Integer pid : kept) {
            if (!live.contains(pid)) {
                forget(pid);
            }
        }
    }

    /** The status file; its Name is a container's text, decoded as UTF-8 ({@link Utf8}). */
    public ProcStatus status(int pid) {
        return ProcStatus.parse(Utf8.fromLatin1(files.readOnce(pidDir(pid).resolve("status"))));
    }

    /** The ids the process acts as for file access; null when gone. */
    public Credentials credentials(int pid) {
        return Credentials.parse(files.readOnce(pidDir(pid).resolve("status")));
    }

    /** The process's user namespace's {@code uid_map} ({@code gid} false) or {@code gid_map}; null when gone. */
    public IdMap idMap(int pid, boolean gid) {
        return IdMap.parse(files.readOnce(pidDir(pid).resolve(gid ? "gid_map" : "uid_map")));
    }

    public String cgroupText(int pid) {
        return files.readOnce(pidDir(pid).resolve("cgroup"));
    }

    /** A process's mount table; its paths decoded as UTF-8 ({@link Utf8}), as the JDK names files. */
    public String mountinfoText(int pid) {
        return Utf8.fromLatin1(files.readOnce(pidDir(pid).resolve("mountinfo")));
    }

    /** The mount table as this process sees it, decoded as {@link #mountinfoText} is. */
    public String selfMountinfoText() {
        return Utf8.fromLatin1(files.readOnce(proc.resolve("self/mountinfo")));
    }

    /**
     * The LSM label of a process ({@code /proc/<pid>/attr/current}: AppArmor's profile and mode,
     * SELinux's context), trimmed of its NUL and newline; null when no LSM gives one. The label is
     * a container's text (a profile name), so it is decoded as UTF-8 and printed escaped.
     */
    public String securityLabel(int pid) {
        String raw = Utf8.fromLatin1(files.readOnce(pidDir(pid).resolve("attr/current")));
        if (raw == null) {
            return null;
        }
        int end = raw.indexOf('\0');
        String label = (end < 0 ? raw : raw.substring(0, end)).strip();
        return label.isEmpty() ? null : label;
    }

    public NetDev netDev(int pid) {
        kept.add(pid);
        return NetDev.parse(files.read(pidDir(pid).resolve("net/dev")));
    }

    /** A file of the process's network namespace, {@code /proc/<pid>/net/<name>}, read once; null when gone. */
    public String netText(int pid, String name) {
        return files.readOnce(pidDir(pid).resolve("net").resolve(name));
    }

    /**
     * The inodes of the sockets the process holds open ({@code socket:[inode]} links of its
     * {@code fd} directory), looking at {@code maxFds} descriptors at most; empty when gone or not ours.
     */
    public List<Long> socketInodes(int pid, int maxFds) {
        List<Long> out = new ArrayList<>();
        int seen = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(pidDir(pid).resolve("fd"))) {
            for (Path fd : ds) {
                if (++seen > maxFds) {
                    break;
                }
                long inode = NetSockets.socketInode(readLink(fd));
                if (inode >= 0) {
                    out.add(inode);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** The process's root directory, {@code /proc/<pid>/root}: read below it with {@link RootFile}. */
    public Path root(int pid) {
        return pidDir(pid).resolve("root");
    }

    /**
     * The command line, arguments split at NUL, decoded as UTF-8 ({@link Utf8}: a byte that is
     * not UTF-8 kept as a surrogate escape); empty for kernel threads and gone processes.
     */
    public List<String> cmdline(int pid) {
        String raw = Utf8.fromLatin1(files.readOnce(pidDir(pid).resolve("cmdline")));
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        for (String a : raw.split("\0")) {
            args.add(a);
        }
        return args;
    }

    /** Target of {@code /proc/<pid>/ns/<type>} such as {@code pid:[4026531836]}, or null. */
    public String nsLink(int pid, String type) {
        return readLink(pidDir(pid).resolve("ns").resolve(type));
    }

    /**
     * Target of {@code /proc/<pid>/cwd}, the process's working directory as a path of jtop's
     * mount namespace; null when gone or not ours to read (another user's, without root).
     */
    public String cwd(int pid) {
        return readLink(pidDir(pid).resolve("cwd"));
    }

    /** Seconds since the epoch at boot, from the {@code btime} line of /proc/stat; -1 if unknown. */
    public long bootTimeSeconds() {
        long b = bootTime;
        if (b == 0) {
            b = readBootTime();
            bootTime = b;
        }
        return b;
    }

    /**
     * When a process started, from its start time in clock ticks after boot (field 22 of its stat),
     * to the millisecond; null when the boot time is unknown. The boot time is read once per
     * instance, so one instance always gives the same instant for the same process: backends use
     * it both to list a container and to check, before acting, that its process is the listed one.
     */
    public Instant startedAt(long startTicks) {
        long boot = bootTimeSeconds();
        return boot < 0 ? null : Instant.ofEpochMilli(boot * 1000 + startTicks * 1000 / clockTicks());
    }

    private long readBootTime() {
        String text = files.readOnce(proc.resolve("stat"));
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("btime ")) {
                try {
                    return Long.parseLong(line.substring(6).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Seconds since boot from /proc/uptime, or -1. */
    public double uptimeSeconds() {
        String text = files.read(proc.resolve("uptime"));
        if (text == null) {
            return -1;
        }
        try {
            return Double.parseDouble(text.trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Total and idle CPU ticks of all cores (see {@link HostStats#cpuTicks}; null if unreadable)
     * and the online CPUs (see {@link HostStats#onlineCpus}; 0 if unknown), from one read of
     * /proc/stat: the kernel formats the whole file, every interrupt's count too, at each read.
     */
    public HostStats.Cpu cpu() {
        String text = files.read(proc.resolve("stat"));
        return text == null ? new HostStats.Cpu(null, 0)
                : new HostStats.Cpu(HostStats.cpuTicks(text), HostStats.onlineCpus(text));
    }

    /** Host memory from /proc/meminfo, or null. */
    public HostStats.Memory memory() {
        String text = files.read(proc.resolve("meminfo"));
        return text == null ? null : HostStats.memory(text);
    }

    /** A one-line file under /proc/sys, e.g. {@code kernel/hostname}, trimmed; null if unreadable. */
    public String sysctl(String name) {
        String text = files.readOnce(proc.resolve("sys").resolve(name));
        return text == null ? null : text.trim();
    }

    /** The three load averages, or null. */
    public double[] loadAverage() {
        String text = files.read(proc.resolve("loadavg"));
        if (text == null) {
            return null;
        }
        String[] f = text.trim().split("\\s+");
        if (f.length < 3) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The capabilities any process jtop can see may hold: jtop's own bounding set, read once. A
     * host that runs everything inside a bounded set (a container runtime's own container) has
     * fewer than the kernel knows, and {@code --privileged} there gives only these. Every bit
     * (-1) when unreadable.
     */
    public long capabilityBound() {
        long b = capBound;
        if (b == 0) {
            ProcStatus self = ProcStatus.parse(files.readOnce(proc.resolve("self/status")));
            b = self == null || self.capBnd() == 0 ? -1 : self.capBnd();
            capBound = b;
        }
        return b;
    }

    /** The kernel's highest capability number ({@code /proc/sys/kernel/cap_last_cap}), or -1. */
    public int capLastCap() {
        int c = capLastCap;
        if (c == -2) {
            c = readCapLastCap();
            capLastCap = c;
        }
        return c;
    }

    private int readCapLastCap() {
        String text = files.readOnce(proc.resolve("sys/kernel/cap_last_cap"));
        try {
            return text == null ? -1 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Clock ticks per second as the kernel gave them to this process (AT_CLKTCK in the aux vector). */
    public long clockTicks() {
        return auxv()[0];
    }

    /** Bytes per memory page as the kernel gave them to this process (AT_PAGESZ): stat's rss is in pages. */
    public long pageSize() {
        return auxv()[1];
    }

    /** Clock ticks and page size from this process's aux vector, read once. */
    private long[] auxv() {
        long[] a = auxv;
        if (a == null) {
            byte[] raw;
            try {
                raw = Files.readAllBytes(proc.resolve("self/auxv"));
            } catch (IOException e) {
                raw = new byte[0]; // a fixture tree has no aux vector
            }
            long hz = parseAuxv(raw, AT_CLKTCK);
            long page = parseAuxv(raw, AT_PAGESZ);
            // Without an auxv: USER_HZ is 100 on every architecture Linux supports today, and pages
            // are 4 KiB on x86-64 (arm64 and ppc64 kernels may use 16 or 64 KiB, which the auxv tells).
            a = new long[] {hz > 0 ? hz : 100, page > 0 ? page : 4096};
            auxv = a;
        }
        return a;
    }

    /** The value of one entry of a 64-bit little- or native-endian aux vector, or -1. */
    static long parseAuxv(byte[] auxv, long type) {
        ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 16) {
            long key = b.getLong();
            long value = b.getLong();
            if (key == 0) {
                break;
            }
            if (key == type) {
                return value;
            }
        }
        return -1;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
