package io.jtop.linux.sys;

import io.jtop.linux.proc.ProcStat;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signals through a pidfd to real child processes (no root needed: they are ours). */
class SignalsTest {

    private static final Path PROC = Path.of("/proc");

    private static long startTicks(long pid) throws Exception {
        return ProcStat.parse(Files.readString(PROC.resolve(pid + "/stat"))).startTimeTicks();
    }

    @Test
    void signalsTheProcessThatWasListed() throws Exception {
        Process p = new ProcessBuilder("sleep", "100").start();
        Signals.send((int) p.pid(), startTicks(p.pid()), Signals.parse("TERM"), PROC);
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
    }

    @Test
    void aPidThatNamesAnotherProcessIsRefusedAndLeftAlone() throws Exception {
        Process p = new ProcessBuilder("sleep", "100").start();
        try {
            Signals.ProcessChangedException e = assertThrows(Signals.ProcessChangedException.class,
                    () -> Signals.send((int) p.pid(), startTicks(p.pid()) - 1, 9, PROC));
            assertTrue(e.getMessage().contains("changed since it was listed"), e.getMessage());
            assertTrue(p.isAlive(), "nothing was signalled");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void anExitedProcessIsGone() throws Exception {
        Process p = new ProcessBuilder("sleep", "0.3").start();
        long ticks = startTicks(p.pid());
        p.waitFor();
        Thread.sleep(50);
        assertThrows(Signals.ProcessGoneException.class, () -> Signals.send((int) p.pid(), ticks, 9, PROC));
    }

    @Test
    void signalNames() {
        assertEquals(9, Signals.parse("KILL"));
        assertEquals(9, Signals.parse("sigkill"));
        assertEquals(15, Signals.parse("15"));
        assertEquals(1, Signals.parse("SIGHUP"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signals.parse("NOPE"));
        assertTrue(e.getMessage().startsWith("unknown signal 'NOPE'"));
        assertThrows(IllegalArgumentException.class, () -> Signals.parse("99"));
    }
}
