package io.jtop.cli;

import io.jtop.linux.proc.Terminals;
import io.jtop.text.TerminalText;
import io.jtop.text.Utf8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * A command's standard output and error: the writers every command prints its text to, and the
 * bytes a container wrote (its logs), which go out byte-exact to a pipe or file and escaped
 * ({@link TerminalText}) to a terminal.
 *
 * <p>On the real streams ({@link #system}) the writers pass through {@link TerminalText#guard}:
 * whatever a command prints, nothing raw reaches the terminal. In process ({@link #of}, for
 * tests) the bytes are decoded into the writers as {@link Utf8} text.
 */
final class Console {

    final PrintWriter out;
    final PrintWriter err;
    private final OutputStream outBytes;
    private final OutputStream errBytes;

    private Console(PrintWriter out, PrintWriter err, OutputStream outBytes, OutputStream errBytes) {
        this.out = out;
        this.err = err;
        this.outBytes = outBytes;
        this.errBytes = errBytes;
    }

    /** The process's standard output and error; each escapes a container's bytes if it may be a terminal. */
    static Console system() {
        boolean utf8 = TerminalText.utf8Locale();
        return new Console(new PrintWriter(TerminalText.guard(System.out, utf8), true),
                new PrintWriter(TerminalText.guard(System.err, utf8), true),
                bytes(FileDescriptor.out, 1, utf8), bytes(FileDescriptor.err, 2, utf8));
    }

    /**
     * A standard stream as bytes, escaped if it may be a terminal. The descriptor itself, not the
     * JDK's PrintStream, which would swallow the error of a closed pipe: a follower must learn that
     * its reader went away ({@code logs -f | head}). The writers are flushed before it is written.
     */
    private static OutputStream bytes(FileDescriptor fd, int n, boolean utf8) {
        OutputStream raw = new FileOutputStream(fd);
        return Terminals.mayBeTerminal(n) ? TerminalText.escaping(raw, utf8) : raw;
    }

    /** Writers of a test, neither a terminal: bytes are decoded into them. */
    static Console of(PrintWriter out, PrintWriter err) {
        return new Console(out, err, decodingInto(out), decodingInto(err));
    }

    /** Standard output as bytes: a container's output, byte for byte to a pipe or file, escaped to a terminal. */
    OutputStream outBytes() {
        out.flush(); // what the command printed before comes first
        return outBytes;
    }

    /** Standard error as bytes, as {@link #outBytes}. */
    OutputStream errBytes() {
        err.flush();
        return errBytes;
    }

    private static OutputStream decodingInto(PrintWriter w) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                w.write(Utf8.decode(b, off, len));
            }

            @Override
            public void flush() {
                w.flush();
            }
        };
    }
}
