package io.jtop.cli;

import io.jtop.linux.proc.Terminals;
import io.jtop.text.TerminalText;
import io.jtop.text.Utf8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

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
                Terminals.mayBeTerminal(1) ? TerminalText.escaping(System.out, utf8) : System.out,
                Terminals.mayBeTerminal(2) ? TerminalText.escaping(System.err, utf8) : System.err);
    }

    /** Writers of a test, neither a terminal: bytes are decoded into them. */
    static Console of(PrintWriter out, PrintWriter err) {
        return new Console(out, err, decodingInto(out), decodingInto(err));
    }

    /**
     * One line a container wrote, on the stream it came from, flushed so a follower sees it at
     * once: byte-exact (the {@link Utf8} text's own bytes, then a newline) to a pipe or file,
     * escaped to a terminal.
     *
     * @param prefix what jtop puts before it (a timestamp), or ""
     */
    void containerLine(String prefix, String text, boolean stderr) {
        (stderr ? err : out).flush(); // what the command printed before comes first
        OutputStream o = stderr ? errBytes : outBytes;
        byte[] b = Utf8.encode(prefix + text + "\n");
        try {
            o.write(b, 0, b.length);
            o.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
