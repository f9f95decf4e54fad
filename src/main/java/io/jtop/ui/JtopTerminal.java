package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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

    private final KeyGate keys;

    /**
     * What Lanterna's set-up asks of the tty, as arguments to {@code stty}: no line editing (a key
     * at a time), no echo, Ctrl-C a key. Lanterna sets these with five {@code stty} children one
     * after the other; {@link #saveTerminalSettings} does it with one, which also reads the size.
     */
    private static final String RAW = "-icanon min 1 -echo intr undef";

    /** The tty's settings before jtop ({@code stty -g}), restored on the way out and for a child. */
    private String saved;
    /** The size read with the settings, answered once instead of asking the terminal; null after. */
    private TerminalSize sizeAtStart;

    /** How long {@link #suspendForChild} waits for the terminal to answer the position request. */
    private static final long CALL_OFF_MILLIS = 1000;

    JtopTerminal() throws IOException {
        this(new Output());
    }

    private JtopTerminal(Output output) throws IOException {
        this(output, new KeyGate(new FileInputStream(FileDescriptor.in)));
    }

    private JtopTerminal(Output output, KeyGate keys) throws IOException {
        // Ctrl-C arrives as a key (quit), so the terminal is restored by our own code path.
        super(keys, output, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);
        this.output = output;
        this.keys = keys;
    }

    /**
     * The tty's input, which a thread may block on reading keys ({@link #readInput}) and which can
     * be taken from that thread for a child. A read blocked in the kernel cannot be called off from
     * Java, so the gate asks the terminal for the cursor position ({@code ESC[6n}): the answer
     * ({@code ESC[row;colR}) ends the blocked read, the gate drops it and the reader waits until the
     * gate opens again. Keys typed before the answer are dropped with it; those typed after go to
     * the child. Unbuffered, and unsynchronized, unlike {@code System.in}: {@link #available} must
     * answer while another thread is blocked in {@link #read}.
     */
    static final class KeyGate extends InputStream {
        private final InputStream in;
        private State state = State.OPEN;
        /** The position request went unanswered in time: the next read is dropped, whatever it holds. */
        private boolean unanswered;

        private enum State { OPEN, CLOSING, CLOSED }

        KeyGate(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                synchronized (this) {
                    while (state == State.CLOSED) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("the terminal's keys were taken");
                        }
                    }
                }
                int n = in.read(b, off, len);
                synchronized (this) {
                    if (state == State.OPEN || n <= 0) {
                        return n;
                    }
                    // CLOSING: what came is the answer to the position request, or keys typed before
                    // it. Dropped; once the answer's final R came, the gate is closed.
                    boolean answered = false;
                    for (int i = off; i < off + n; i++) {
                        answered |= b[i] == 'R';
                    }
                    if (answered || unanswered) {
                        state = State.CLOSED;
                        notifyAll();
                    }
                }
            }
        }

        @Override
        public int available() throws IOException {
            synchronized (this) {
                if (state != State.OPEN) {
                    return 0;
                }
            }
            return in.available();
        }

        /**
         * Closes the gate: {@code ask} sends the position request, and this waits (at most
         * {@code millis}) for its answer to reach the reader. Without an answer (a terminal that
         * does not answer, or no reader) the gate stays closing: the reader's next read is dropped.
         *
         * @return whether the answer came
         */
        boolean close(IORunnable ask, long millis) throws IOException {
            synchronized (this) {
                state = State.CLOSING;
                unanswered = false;
            }
            ask.run();
            long end = System.nanoTime() + millis * 1_000_000;
            synchronized (this) {
                while (state == State.CLOSING) {
                    long left = (end - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        unanswered = true;
                        return false;
                    }
                    try {
                        wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        }

        /** Opens the gate: the reader reads keys again. */
        synchronized void open() {
            state = State.OPEN;
            notifyAll();
        }
    }

    interface IORunnable {
        void run() throws IOException;
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

    /**
     * Saves the tty's settings, reads its size and makes it raw, all with one child ({@code sh}
     * running {@code stty} three times): each child process the JVM starts delays the first frame.
     * Lanterna's set-up then asks for the same modes one by one, which are already in place.
     */
    @Override
    protected void saveTerminalSettings() throws IOException {
        String[] lines = execTty("/bin/sh", "-c", "stty -g && stty size && stty " + RAW).split("\n");
        if (lines.length < 2 || lines[0].isBlank()) {
            throw new IOException("stty could not read the terminal's settings");
        }
        saved = lines[0].trim();
        String[] rc = lines[1].trim().split(" ");
        try {
            int rows = Integer.parseInt(rc[0]);
            int columns = Integer.parseInt(rc[1]);
            if (rows > 0 && columns > 0) {
                sizeAtStart = new TerminalSize(columns, rows);
            }
        } catch (RuntimeException e) {
            // no size from stty: the terminal is asked, as Lanterna does
        }
    }

    @Override
    protected void restoreTerminalSettings() throws IOException {
        if (saved != null) {
            runSTTYCommand(saved);
        }
    }

    @Override
    protected void canonicalMode(boolean enabled) throws IOException {
        if (enabled || !settingUp()) {
            super.canonicalMode(enabled);
        }
    }

    @Override
    protected void keyEchoEnabled(boolean enabled) throws IOException {
        if (enabled || !settingUp()) {
            super.keyEchoEnabled(enabled);
        }
    }

    @Override
    protected void keyStrokeSignalsEnabled(boolean enabled) throws IOException {
        if (enabled || !settingUp()) {
            super.keyStrokeSignalsEnabled(enabled);
        }
    }

    /** Whether Lanterna's set-up is running: in the super constructor, before this class's fields are set. */
    private boolean settingUp() {
        return output == null;
    }

    /**
     * SIGWINCH straight to Lanterna's handler; Lanterna reaches {@code sun.misc.Signal} through
     * reflection and a dynamic proxy, whose class would be defined at run time during start-up.
     */
    @Override
    protected void registerTerminalResizeListener(Runnable onResize) {
        sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> onResize.run());
    }

    /** A command with the tty as its stdin; its whole stdout, lines kept. */
    private static String execTty(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Gives the tty back its saved settings (echo, line editing, signal keys) for a child. */
    void suspendForChild() throws IOException {
        childRunning = true;
        // Still raw: the answer to the position request is read as it comes, not echoed.
        keys.close(() -> {
            writeToTerminal((byte) 0x1b, (byte) '[', (byte) '6', (byte) 'n');
            flush();
        }, CALL_OFF_MILLIS);
        restoreTerminalSettings();
        keyStrokeSignalsEnabled(true);
    }

    /** Takes the tty back after the child: raw again, signal keys as keys, and the keys reader reading. */
    void resumeAfterChild() throws IOException {
        runSTTYCommand(RAW.split(" "));
        childRunning = false;
        keys.open();
    }

    @Override
    protected TerminalSize findTerminalSize() throws IOException {
        TerminalSize atStart = sizeAtStart;
        if (atStart != null) {
            sizeAtStart = null; // a resize later asks the terminal
            return atStart;
        }
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
