package io.jtop.linux.sys;

import java.io.IOException;
import java.nio.file.Path;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.POSIXHandler;
import jnr.posix.Passwd;
import jnr.posix.util.DefaultPOSIXHandler;

/**
 * The POSIX calls jtop makes through jnr-posix, the library made for them: a user's name
 * ({@code getpwuid(3)}, through the host's name service, as {@code ps} names users). What
 * jnr-posix lacks (pidfd, extended attributes, {@code renameat2}, {@code mknod}) is bound with
 * jnr-ffi in {@link Native}. Calls on the way to the first frame or to a container's start
 * ({@code isatty}, the open-files limit) are not made here: the JDK and {@code /proc} answer them
 * without loading a library.
 *
 * <p>jnr-posix binds hundreds of libc functions when it loads, so nothing happens when this class
 * is initialised: the library is loaded on the first call, by the holder class {@link Lib}. A
 * library that cannot be loaded is an {@link IOException} with one line saying why, at each call.
 */
public final class Posix {

    private static final Path PASSWD = Path.of("/etc/passwd");

    private Posix() {
    }

    /** jnr-posix, or why it could not be loaded. */
    private static final class Lib {
        static final POSIX POSIX;
        static final String FAILURE;

        static {
            POSIX p = null;
            String failure = null;
            try {
                p = POSIXFactory.getNativePOSIX(new Quiet());
            } catch (LinkageError | RuntimeException e) {
                failure = Native.loadFailure("jnr-posix", e);
            }
            POSIX = p;
            FAILURE = failure;
        }
    }

    /**
     * jnr-posix's default handler, silent: it would print its warnings on the terminal jtop draws
     * on. Its errors are exceptions, as by default.
     */
    private static final class Quiet extends DefaultPOSIXHandler {
        @Override
        public void warn(POSIXHandler.WARNING_ID id, String message, Object... data) {
        }

        @Override
        public boolean isVerbose() {
            return false;
        }
    }

    /**
     * The login name of {@code uid} as the host's name service gives it, or null when it has none.
     * {@code /etc/passwd} is asked first, as the name service's usual order ({@code passwd: files
     * …} in nsswitch.conf) does: it names root and the system's users without loading jnr-posix,
     * which takes most of a second the first time. A uid it does not name goes to
     * {@code getpwuid(3)} (LDAP, sssd, systemd's dynamic users).
     */
    public static String userName(int uid) throws IOException {
        String local = PasswdFile.name(PASSWD, uid);
        if (local != null) {
            return local;
        }
        Passwd p = posix().getpwuid(uid);
        return p == null ? null : p.getLoginName();
    }

    private static POSIX posix() throws IOException {
        if (Lib.POSIX == null) {
            throw new IOException(Lib.FAILURE);
        }
        return Lib.POSIX;
    }
}
