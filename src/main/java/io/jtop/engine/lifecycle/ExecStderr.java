package io.jtop.engine.lifecycle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code runc exec}'s standard error on its way to ours, held back until the command has started.
 * Without a terminal the command's standard error comes through runc's, and when runc cannot start
 * the command it writes why there as plain text besides its log: held back, that text can be
 * dropped for one line of jtop's own. Once the command runs, everything is passed on as it comes.
 */
final class ExecStderr {

    /** More than runc ever writes of its own before the command starts: beyond it, it is the command's. */
    private static final int MAX_HELD = 64 * 1024;
    /** How long the rest of runc's standard error may take once runc has exited: the pipe's other end is runc's alone. */
    private static final long COPY_END_MILLIS = 5_000;

    private final InputStream in;
    private final OutputStream out;
    private final Thread copier;
    /** What came before {@link #release}; guarded by {@code this}. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean released;

    private ExecStderr(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
        this.copier = new Thread(this::copy, "jtop-exec-stderr");
        copier.setDaemon(true);
    }

    /** Starts copying {@code in} to {@code out}, holding it back until {@link #release}. */
    static ExecStderr start(InputStream in, OutputStream out) {
        ExecStderr e = new ExecStderr(in, out);
        e.copier.start();
        return e;
    }

    private void copy() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (this) {
                    if (released) {
                        out.write(buf, 0, n);
                        out.flush();
                    } else {
                        held.write(buf, 0, n);
                        if (held.size() > MAX_HELD) {
                            release();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // our standard error is closed, or runc's pipe broke: nothing more to pass on
        }
    }

    /** The command has started: passes on what was held back, and from now on everything at once. */
    synchronized void release() throws IOException {
        if (!released) {
            released = true;
            held.writeTo(out);
            held.reset();
            out.flush();
        }
    }

    synchronized boolean released() {
        return released;
    }

    /**
     * runc has exited: waits for the rest of its standard error, then passes on what is still held
     * back, or with {@code drop} (runc's own reason why the command did not start) drops it.
     */
    void finish(boolean drop) throws IOException, InterruptedException {
        copier.join(COPY_END_MILLIS);
        synchronized (this) {
            if (drop && !released) {
                held.reset();
                released = true; // anything later is not runc's reason
            } else {
                release();
            }
        }
    }
}
