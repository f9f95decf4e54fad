package io.jtop.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keys reader's gate, on a pipe standing for the tty: a reader thread blocks on it as the UI's
 * does, and what the gate lets through, drops or leaves in the pipe (for a child) is checked.
 */
class KeyGateTest {

    private final PipedOutputStream tty = new PipedOutputStream();
    private final PipedInputStream ttyIn = pipe(tty);
    private final JtopTerminal.KeyGate gate = new JtopTerminal.KeyGate(ttyIn);
    private final LinkedBlockingQueue<String> read = new LinkedBlockingQueue<>();
    private final Thread reader = new Thread(() -> {
        byte[] b = new byte[64];
        try {
            for (int n; (n = gate.read(b, 0, b.length)) > 0; ) {
                read.add(new String(b, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            read.add("failed: " + e.getMessage());
        }
    }, "test-keys");

    private static PipedInputStream pipe(PipedOutputStream out) {
        try {
            return new PipedInputStream(out, 1024);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        gate.open();
        tty.close();
    }

    private void type(String s) {
        try {
            tty.write(s.getBytes(StandardCharsets.US_ASCII));
            tty.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String next() throws InterruptedException {
        return read.poll(5, TimeUnit.SECONDS);
    }

    /** Waits until the reader thread is blocked (in the pipe's read or at the gate). */
    private void awaitBlocked() throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < end, "the reader never blocked: " + reader.getState());
            Thread.sleep(5);
        }
    }

    @Test
    void anOpenGateLetsKeysThrough() throws Exception {
        reader.setDaemon(true);
        reader.start();
        type("q");
        assertEquals("q", next());
    }

    @Test
    void theAnswerToThePositionRequestCallsOffABlockedReaderAndTheChildGetsWhatComesAfter() throws Exception {
        reader.setDaemon(true);
        reader.start();
        awaitBlocked();
        // The terminal answers the request: the reader's blocked read ends with it.
        assertTrue(gate.close(() -> type("\u001b[24;80R"), 5_000));
        assertNull(read.poll(200, TimeUnit.MILLISECONDS), "the answer is dropped, not a key");
        assertEquals(0, gate.available());

        type("ls\r"); // typed into the child's shell
        awaitBlocked();
        assertNull(read.poll(200, TimeUnit.MILLISECONDS), "the reader took the child's keys");
        assertEquals(3, ttyIn.available(), "the child's keys stay on the tty");
        assertEquals("ls\r", new String(ttyIn.readNBytes(3), StandardCharsets.US_ASCII));

        gate.open();
        type("j");
        assertEquals("j", next(), "the reader reads again once the gate opens");
    }

    @Test
    void keysTypedBeforeTheAnswerAreDroppedWithIt() throws Exception {
        reader.setDaemon(true);
        reader.start();
        awaitBlocked();
        assertTrue(gate.close(() -> {
            type("x");
            type("\u001b[24;80R");
        }, 5_000));
        assertNull(read.poll(200, TimeUnit.MILLISECONDS));
        gate.open();
        type("k");
        assertEquals("k", next());
    }

    @Test
    void withoutAnAnswerTheNextReadIsDroppedAndTheGateCloses() throws Exception {
        reader.setDaemon(true);
        reader.start();
        awaitBlocked();
        assertFalse(gate.close(() -> { }, 100), "a terminal that does not answer");
        type("a"); // the first key of the child is lost to the reader
        long end = System.nanoTime() + 5_000_000_000L;
        while (ttyIn.available() > 0) {
            assertTrue(System.nanoTime() < end, "the reader never read the key");
            Thread.sleep(5);
        }
        type("b");
        assertNull(read.poll(200, TimeUnit.MILLISECONDS));
        assertEquals(1, ttyIn.available(), "what comes after the lost key stays for the child");
        gate.open();
    }
}
