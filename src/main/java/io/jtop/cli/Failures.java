package io.jtop.cli;

import io.jtop.container.Lookup;
import io.jtop.text.TerminalText;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** How a failed command tells the user: one line, exit 1; the stack trace only with JTOP_DEBUG. */
final class Failures {

    private Failures() {
    }

    /**
     * One line for a command that failed (exit 1); the stack trace only with JTOP_DEBUG. The
     * message is escaped ({@link TerminalText#line}): it quotes what users typed and what engines,
     * runtimes and archives said, and stays one line whatever they hold.
     */
    static int failure(Exception ex, PrintWriter err) {
        if (ex instanceof Lookup.NoMatch n) {
            err.println("jtop: " + String.join("\n", n.lines().stream().map(TerminalText::line).toList()));
        } else if (ex instanceof IllegalStateException || ex instanceof IllegalArgumentException
                || ex instanceof UnsupportedOperationException) {
            say(ex.getMessage(), err);
        } else if (ex instanceof IOException) {
            say(describe((IOException) ex), err);
        } else {
            say("internal error: " + ex, err);
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
        say(message, err);
        err.println("Try '" + command + " --help' for more information.");
        return 2;
    }

    /** Prints {@code jtop: MESSAGE}, the message escaped into one line. */
    static void say(String message, PrintWriter err) {
        err.println("jtop: " + TerminalText.line(message));
    }

    /** One line for an I/O failure: what went wrong and on which file. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            if (a.getReason() != null) {
                return a.getReason(); // what was denied and why, said where it was known
            }
            return "permission denied: " + a.getFile() + (Output.isRoot() ? "" : " (run as root)");
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
