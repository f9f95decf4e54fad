package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The screen of a real terminal, whose keys a thread of its own reads: it blocks on the tty,
 * queues each key here and wakes the UI thread, so an idle UI wakes only for its frames. The
 * UI thread, and a modal dialog's loop, take the keys from the queue as Lanterna's own polling
 * would. A child run with {@code e} has the tty's keys for itself meanwhile
 * ({@link JtopTerminal#suspendForChild}). A terminal that fails reads as an EOF.
 */
final class KeysScreen extends TerminalScreen {
    private final LinkedBlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();
    private volatile boolean reading;

    KeysScreen(Terminal terminal) throws IOException {
        super(terminal);
    }

    /** Starts the reader; {@code wake} is told of each key. */
    void startReading(Runnable wake) {
        reading = true;
        Thread t = new Thread(() -> {
            KeyStroke k;
            do {
                try {
                    k = getTerminal().readInput();
                } catch (IOException | RuntimeException e) {
                    k = new KeyStroke(KeyType.EOF);
                }
                if (k != null) {
                    keys.add(k);
                    wake.run();
                }
            } while (k == null || k.getKeyType() != KeyType.EOF);
        }, "jtop-keys");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public KeyStroke pollInput() throws IOException {
        return reading ? keys.poll() : super.pollInput();
    }

    @Override
    public KeyStroke readInput() throws IOException {
        if (!reading) {
            return super.readInput();
        }
        try {
            return keys.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a key");
        }
    }
}
