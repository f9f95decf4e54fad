package io.jtop.linux.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether this process runs on a terminal: what {@link System#console()} answers (standard input
 * and output both terminals), told from the devices behind {@code /proc/self/fd/0} and {@code 1}.
 * {@code System.console()} makes a {@link java.util.Formatter} to answer, whose class compiles a
 * regular expression, on the way to the screen's first frame.
 */
public final class Terminals {

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private Terminals() {
    }

    /** Whether standard input and output are both terminals. */
    public static boolean onTerminal() {
        int in = kind(0);
        int out = kind(1);
        if (in == 0 || out == 0) {
            return false;
        }
        return in == 1 && out == 1 || System.console() != null; // a device not known here: ask the JDK
    }

    /** Whether a descriptor may be a terminal: true unless it is known to be a file, pipe, socket or /dev/null. */
    public static boolean mayBeTerminal(int fd) {
        return kind(fd) != 0;
    }

    /** 1 for a terminal, 0 for what cannot be one, -1 for a device this cannot tell. */
    static int kind(int fd) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:mode,rdev");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return kind((Integer) a.get("mode"), (Long) a.get("rdev"));
    }

    static int kind(int mode, long rdev) {
        if ((mode & S_IFMT) != S_IFCHR) {
            return 0; // a file, a pipe, a socket
        }
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        // Linux's allocated devices: 4 virtual consoles and serial ports, 5 /dev/tty, /dev/console
        // and /dev/ptmx, 136-143 the pseudo-terminals of terminal emulators, ssh and tmux.
        if (major == 4 || major == 5 || (major >= 136 && major <= 143)) {
            return 1;
        }
        return major == 1 ? 0 : -1; // 1: /dev/null, /dev/zero, /dev/urandom and the like
    }
}
