package io.jtop.cli;

import io.jtop.container.Lookup;

import java.io.IOException;
import java.io.PrintWriter;

/** How a failed command tells the user: one line, exit 1; the stack trace only with JTOP_DEBUG. */
final class Failures {

    private Failures() {
    }

    /** One line for a command that failed (exit 1); the stack trace only with JTOP_DEBUG. */
    static int failure(Exception ex, PrintWriter err) {
        if (ex instanceof Lookup.NoMatch || ex instanceof IllegalStateException
                || ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException) {
            err.println("jtop: " + ex.getMessage());
        } else if (ex instanceof IOException) {
            err.println("jtop: " + describe((IOException) ex));
        } else {
            err.println("jtop: internal error: " + ex);
            if (System.getenv("JTOP_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("jtop: set JTOP_DEBUG=1 for details");
            }
        }
        return 1;
    }

    /** A usage error (exit 2): what is wrong, and where to read how {@code command} is used. */
    static int usage(String message, String command, PrintWriter err) {
        err.println("jtop: " + message);
        err.println("Try '" + command + " --help' for more information.");
        return 2;
    }

    /** One line for an I/O failure: what went wrong and on which file. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            if (a.getReason() != null) {
                return a.getReason(); // what was denied and why, said where it was known
            }
            return "permission denied: " + a.getFile() + (Output.isRoot() ? "" : " (run as root)");
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
