package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lanterna's Unix terminal, able to hand the tty to a child (the shell of {@code e}) and take it
 * back. Lanterna alone cannot: stopping its screen leaves the tty raw (no echo, no Ctrl-C for the
 * child), and its SIGWINCH handler asks the terminal for its size with {@code ESC[6n} and reads the
 * answer from stdin — which the child then swallows, and Lanterna blocks. While a child runs,
 * the size comes from {@code stty size} instead, which reads no input.
 */
final class JtopTerminal extends UnixTerminal {

    private volatile boolean childRunning;

    private final Output output;

    JtopTerminal() throws IOException {
        this(new Output());
    }

    private JtopTerminal(Output output) throws IOException {
        // Ctrl-C arrives as a key (quit), so the terminal is restored by our own code path.
        super(System.in, output, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);
        this.output = output;
    }

    /**
     * Standard output, buffered: System.out flushes every write, and Lanterna writes a cell at a
     * time, so a full frame was thousands of write(2) calls. Lanterna flushes at the end of each
     * refresh, and when it enters or leaves the screen; its size query ({@code ESC[6n}, then a wait
     * for the answer) does not, so that query runs with every write flushed.
     */
    private static final class Output extends BufferedOutputStream {
        /** Bytes buffered before a write(2): a full 160×48 frame in colour fits. */
        static final int SIZE = 64 * 1024;
        private volatile boolean eager;

        Output() {
            super(new FileOutputStream(FileDescriptor.out), SIZE);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            if (eager) {
                flush();
            }
        }

        @Override
        public synchronized void write(int b) throws IOException {
            super.write(b);
            if (eager) {
                flush();
            }
        }
    }

    /**
     * A character of the frame. Lanterna encodes each one through a CharsetEncoder of its own;
     * printable ASCII, most of a frame, is its own UTF-8 byte.
     */
    @Override
    public void putCharacter(char c) throws IOException {
        if (c >= ' ' && c < 0x7F) {
            writeToTerminal((byte) c);
        } else {
            super.putCharacter(c);
        }
    }

    /** Gives the tty back its saved settings (echo, line editing, signal keys) for a child. */
    void suspendForChild() throws IOException {
        childRunning = true;
        restoreTerminalSettings();
        keyStrokeSignalsEnabled(true);
    }

    /** Takes the tty back after the child: raw again, signal keys as keys. */
    void resumeAfterChild() throws IOException {
        canonicalMode(false);
        keyEchoEnabled(false);
        keyStrokeSignalsEnabled(false);
        childRunning = false;
    }

    @Override
    protected TerminalSize findTerminalSize() throws IOException {
        if (!childRunning) {
            if (output == null) { // during the super constructor: nothing buffered yet
                return super.findTerminalSize();
            }
            output.flush();
            output.eager = true;
            try {
                return super.findTerminalSize();
            } finally {
                output.eager = false;
            }
        }
        String[] rc = runSTTYCommand("size").trim().split("\\s+");
        try {
            return new TerminalSize(Integer.parseInt(rc[1]), Integer.parseInt(rc[0]));
        } catch (RuntimeException e) {
            return super.findTerminalSize();
        }
    }
}
