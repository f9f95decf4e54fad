package io.jtop.linux.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc calls the JDK and jnr-posix lack, bound with jnr-ffi; the only class of jtop that touches jnr.
 *
 * <p>Loading libc through jnr costs ≈ 170 ms (FIELD-NOTES), so nothing happens when this class is
 * initialised: the library is bound on the first call, by the holder class {@link Lib}. Paths are
 * passed as NUL-terminated UTF-8 bytes, so jnr's own string encoding never matters. Every failure
 * is an {@link IOException} naming the call, the path and errno.
 */
public final class Native {
    /** File type bits of a character device, for {@link #mknod}. */
    public static final int S_IFCHR = 0020000;
    private static final int AT_FDCWD = -100;
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
    }

    private static final class Lib {
        static final LibC C = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(C);
    }

    /** {@code mknod(2)}: e.g. {@code mknod(p, S_IFCHR, 0)} makes an overlayfs whiteout. */
    public static void mknod(String path, int mode, long dev) throws IOException {
        check(Lib.C.mknod(cstring(path), mode, dev), "mknod", path);
    }

    /** {@code mkfifo(3)} with permission bits {@code mode} (before the umask). */
    public static void mkfifo(String path, int mode) throws IOException {
        check(Lib.C.mkfifo(cstring(path), mode), "mkfifo", path);
    }

    /** {@code lsetxattr(2)}: sets an extended attribute on {@code path} itself, never on a link's target. */
    public static void lsetxattr(String path, String name, byte[] value, long size, int flags) throws IOException {
        check(Lib.C.lsetxattr(cstring(path), cstring(name), value, size, flags), "lsetxattr " + name, path);
    }

    /** {@code lgetxattr(2)} of at most 4 KiB, or null if {@code path} itself has no attribute {@code name}. */
    public static byte[] lgetxattr(String path, String name) throws IOException {
        byte[] value = new byte[4096];
        long n = Lib.C.lgetxattr(cstring(path), cstring(name), value, value.length);
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
        check(Lib.C.utimensat(AT_FDCWD, cstring(path.toString()), times, AT_SYMLINK_NOFOLLOW), "utimensat", path.toString());
    }

    /** Renames {@code from} to {@code to} atomically, failing (EEXIST) if {@code to} exists, even as an empty directory. */
    public static void renameNoReplace(Path from, Path to) throws IOException {
        check(Lib.C.renameat2(AT_FDCWD, cstring(from.toString()), AT_FDCWD, cstring(to.toString()), RENAME_NOREPLACE),
                "renameat2 " + from + " to", to.toString());
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
