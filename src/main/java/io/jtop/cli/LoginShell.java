package io.jtop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * The shell to open in a container: the login shell its {@code /etc/passwd} gives the user, when
 * that file exists in the container, else {@code /bin/sh}, else {@code sh} from the PATH.
 */
final class LoginShell {

    static final String FALLBACK = "/bin/sh";

    private LoginShell() {
    }

    /**
     * Pure: the shell of {@code uid} in passwd text, if {@code exists} says the container has it;
     * {@link #FALLBACK} when the container has that; else plain {@code sh}. Shells that refuse a
     * login ({@code nologin}, {@code false}) are passed over.
     */
    static String pick(String passwd, int uid, Predicate<String> exists) {
        if (passwd != null) {
            for (String line : passwd.split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length < 7 || line.startsWith("#") || !f[2].trim().equals(Integer.toString(uid))) {
                    continue;
                }
                String shell = f[6].trim();
                if (shell.startsWith("/") && !shell.endsWith("/nologin") && !shell.endsWith("/false")
                        && exists.test(shell)) {
                    return shell;
                }
                break; // the first entry of the uid decides, as getpwuid does
            }
        }
        return exists.test(FALLBACK) ? FALLBACK : "sh";
    }

    /** The shell for root in the container whose init is {@code pid}, read through {@code /proc/PID/root}. */
    static String forRoot(Path procDir, int pid) {
        Path root = procDir.resolve(Integer.toString(pid)).resolve("root");
        String passwd;
        try {
            passwd = Files.readString(root.resolve("etc/passwd"));
        } catch (IOException | RuntimeException e) {
            passwd = null; // no passwd (a scratch image): the fallbacks
        }
        return pick(passwd, 0, shell -> Files.isExecutable(root.resolve(shell.substring(1))));
    }
}
