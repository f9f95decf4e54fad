package io.jtop.linux.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc calls the JDK and jnr-posix lack, bound with jnr-ffi; with {@link Posix} (the calls
 * jnr-posix has) the only classes of jtop that touch jnr.
 *
 * <p>Binding libc through jnr is slow, and most commands need none of it, so nothing happens when
 * this class is initialised: the library is bound on the first call, by the holder class {@link Lib}. Paths are
 * passed as NUL-terminated UTF-8 bytes, so jnr's own string encoding never matters. Every failure
 * is an {@link IOException} naming the call, the path and errno; a C library that cannot be bound
 * is one too, whose one line says why.
 */
public final class Native {
    /** File type bits of a character device, for {@link #mknod}. */
    public static final int S_IFCHR = 0020000;
    /** The working directory as an {@code …at} call's directory descriptor. */
    public static final int AT_FDCWD = -100;
    /** {@code open(2)} flags, the same on x86_64 and aarch64 ({@code O_DIRECTORY} is not, so it is not here). */
    public static final long O_CLOEXEC = 02000000;
    /** A descriptor that only names a file: no open of a device or FIFO behind it, usable as a directory or to stat. */
    public static final long O_PATH = 010000000;
    /** {@code openat2(2)}'s resolve flags: links and {@code ..} resolved as if the directory were the root. */
    public static final long RESOLVE_IN_ROOT = 0x10;
    /** No {@code /proc/<pid>/fd}-style link is followed on the way. */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final int EAGAIN = 11;
    public static final int ENOSYS = 38;
    /** {@code openat2}'s number in Linux's common system call table (x86_64 and aarch64 alike). */
    private static final long SYS_OPENAT2 = 437;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int ENODATA = 61;
    private static final int RENAME_NOREPLACE = 1;

    private Native() {}

    /** libc as jnr binds it; public only because jnr generates an implementation of it. */
    public interface LibC {
        int mknod(@In byte[] path, int mode, long dev);

        int mkfifo(@In byte[] path, int mode);

        int lsetxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

        long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);

        int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);

        int renameat2(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

        String strerror(int errnum);

        int pidfd_open(int pid, int flags);

        int pidfd_send_signal(int pidfd, int sig, Pointer info, int flags);

        int close(int fd);

        /**
         * {@code syscall(2)}, which glibc declares variadic: bound with the arguments {@code openat2} takes,
         * which x86_64 and aarch64 Linux pass to a variadic function as to any other; each a full register
         * ({@code long}), as {@code syscall} hands them on to the kernel.
         */
        long syscall(long number, long dirfd, @In byte[] path, @In long[] how, long size);
    }

    /** libc bound by jnr-ffi, or why it could not be bound. */
    private static final class Lib {
        static final LibC C;
        static final Runtime RUNTIME;
        static final String FAILURE;

        static {
            LibC c = null;
            Runtime runtime = null;
            String failure = null;
            try {
                // A library jnr-ffi could not bind fails at its first use: here, not at a caller's.
                c = LibraryLoader.create(LibC.class).load("c");
                runtime = Runtime.getRuntime(c);
            } catch (LinkageError | RuntimeException e) {
                c = null;
                failure = loadFailure("jnr-ffi", e);
            }
            C = c;
            RUNTIME = runtime;
            FAILURE = failure;
        }
    }

    /**
     * One line saying that {@code library} could not bind libc, and the deepest cause's words
     * (jffi's native stub missing or not loadable, most often).
     */
    static String loadFailure(String library, Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String why = deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
        // jffi wraps its loader's words: "could not get native definition for type …, original error message follows: …"
        String follows = "original error message follows: ";
        int at = why.indexOf(follows);
        why = at < 0 ? why : why.substring(at + follows.length());
        return "cannot bind the C library through " + library + ": " + why.lines().findFirst().orElse("");
    }

    private static LibC c() throws IOException {
        if (Lib.C == null) {
            throw new IOException(Lib.FAILURE);
        }
        return Lib.C;
    }

    /** {@code mknod(2)}: e.g. {@code mknod(p, S_IFCHR, 0)} makes an overlayfs whiteout. */
    public static void mknod(String path, int mode, long dev) throws IOException {
        check(c().mknod(cstring(path), mode, dev), "mknod", path);
    }

    /** {@code mkfifo(3)} with permission bits {@code mode} (before the umask). */
    public static void mkfifo(String path, int mode) throws IOException {
        check(c().mkfifo(cstring(path), mode), "mkfifo", path);
    }

    /** {@code lsetxattr(2)}: sets an extended attribute on {@code path} itself, never on a link's target. */
    public static void lsetxattr(String path, String name, byte[] value, long size, int flags) throws IOException {
        check(c().lsetxattr(cstring(path), cstring(name), value, size, flags), "lsetxattr " + name, path);
    }

    /** {@code lgetxattr(2)} of at most 4 KiB, or null if {@code path} itself has no attribute {@code name}. */
    public static byte[] lgetxattr(String path, String name) throws IOException {
        byte[] value = new byte[4096];
        long n = c().lgetxattr(cstring(path), cstring(name), value, value.length);
        if (n < 0) {
            int errno = Lib.RUNTIME.getLastError();
            if (errno == ENODATA) {
                return null;
            }
            throw failure("lgetxattr " + name, path, errno);
        }
        return Arrays.copyOf(value, (int) n);
    }

    /** Sets access and modification time of {@code path} itself (a symlink or FIFO too), to the nanosecond. */
    public static void lutimens(Path path, Instant atime, Instant mtime) throws IOException {
        long[] times = {atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano()};
        check(c().utimensat(AT_FDCWD, cstring(path.toString()), times, AT_SYMLINK_NOFOLLOW), "utimensat", path.toString());
    }

    /** Renames {@code from} to {@code to} atomically, failing (EEXIST) if {@code to} exists, even as an empty directory. */
    public static void renameNoReplace(Path from, Path to) throws IOException {
        check(c().renameat2(AT_FDCWD, cstring(from.toString()), AT_FDCWD, cstring(to.toString()), RENAME_NOREPLACE),
                "renameat2 " + from + " to", to.toString());
    }

    /** {@code pidfd_open(2)} (Linux ≥ 5.3, glibc ≥ 2.36): a descriptor that names this process and no later one. */
    public static int pidfdOpen(int pid) throws IOException {
        int fd = c().pidfd_open(pid, 0);
        if (fd < 0) {
            throw failure("pidfd_open", Integer.toString(pid), Lib.RUNTIME.getLastError());
        }
        return fd;
    }

    /** {@code pidfd_send_signal(2)}: signals the process the descriptor names, or fails (ESRCH) if it is gone. */
    public static void pidfdSendSignal(int pidfd, int signal) throws IOException {
        check(c().pidfd_send_signal(pidfd, signal, null, 0), "pidfd_send_signal " + signal + " to", "pidfd " + pidfd);
    }

    /**
     * {@code openat2(2)} (Linux ≥ 5.6; glibc has no wrapper), through {@code syscall}: a descriptor of {@code path}
     * relative to {@code dirfd}, opened with {@code flags} and resolved by the kernel under {@code resolve}.
     * ENOSYS on an older kernel, EAGAIN when a rename elsewhere raced a {@code RESOLVE_IN_ROOT} lookup.
     */
    public static int openat2(int dirfd, String path, long flags, long resolve) throws IOException {
        long[] how = {flags, 0, resolve}; // struct open_how {u64 flags; u64 mode; u64 resolve;}
        long fd = c().syscall(SYS_OPENAT2, dirfd, cstring(path), how, 8L * how.length);
        if (fd < 0) {
            throw failure("openat2", path, Lib.RUNTIME.getLastError());
        }
        return (int) fd;
    }

    /** {@code close(2)} of a descriptor this class opened. */
    public static void close(int fd) {
        Lib.C.close(fd);
    }

    /** The errno of an {@link IOException} thrown here, or -1. */
    public static int errno(IOException e) {
        String m = e.getMessage();
        int at = m == null ? -1 : m.lastIndexOf("(errno ");
        if (at < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(m.substring(at + 7, m.indexOf(')', at)));
        } catch (RuntimeException ex) {
            return -1;
        }
    }

    private static void check(int rc, String call, String path) throws IOException {
        if (rc != 0) {
            throw failure(call, path, Lib.RUNTIME.getLastError());
        }
    }

    private static IOException failure(String call, String path, int errno) {
        return new IOException(call + " " + path + ": " + Lib.C.strerror(errno) + " (errno " + errno + ")");
    }

    private static byte[] cstring(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
    }
}
