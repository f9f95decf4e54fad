package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;

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

    JtopTerminal() throws IOException {
        // Ctrl-C arrives as a key (quit), so the terminal is restored by our own code path.
        super(System.in, System.out, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);
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
            return super.findTerminalSize();
        }
        String[] rc = runSTTYCommand("size").trim().split("\\s+");
        try {
            return new TerminalSize(Integer.parseInt(rc[1]), Integer.parseInt(rc[0]));
        } catch (RuntimeException e) {
            return super.findTerminalSize();
        }
    }
}
