package io.jtop.linux.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TerminalsTest {

    @TempDir
    Path tmp;

    private static int kindOf(Path p) throws Exception {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev");
        return Terminals.kind((Integer) a.get("mode"), (Long) a.get("rdev"));
    }

    @Test
    void theHostsDevicesFilesAndPipes() throws Exception {
        assertEquals(1, kindOf(Path.of("/dev/tty")), "/dev/tty (5,0)");
        assertEquals(1, kindOf(Path.of("/dev/ptmx")), "/dev/ptmx (5,2)");
        assertEquals(0, kindOf(Path.of("/dev/null")), "/dev/null (1,3)");
        assertEquals(0, kindOf(Path.of("/dev/urandom")), "/dev/urandom (1,9)");
        assertEquals(0, kindOf(Files.writeString(tmp.resolve("f"), "x")), "a file");
        assertEquals(0, kindOf(tmp), "a directory");
        Process p = new ProcessBuilder("mkfifo", tmp.resolve("fifo").toString()).start();
        assertEquals(0, p.waitFor());
        assertEquals(0, kindOf(tmp.resolve("fifo")), "a pipe");
    }

    @Test
    void majorsAsLinuxAndGlibcEncodeThem() {
        int chr = 0020644;
        assertEquals(1, Terminals.kind(chr, (136L << 8) | 3), "/dev/pts/3");
        assertEquals(1, Terminals.kind(chr, (143L << 8) | 255 | (0xfffL << 20)), "the last pseudo-terminal");
        assertEquals(1, Terminals.kind(chr, (4L << 8) | 64), "/dev/ttyS0");
        assertEquals(-1, Terminals.kind(chr, (188L << 8)), "/dev/ttyUSB0: the JDK is asked");
        assertEquals(-1, Terminals.kind(chr, (10L << 8) | 229), "/dev/fuse: the JDK is asked");
        assertEquals(-1, Terminals.kind(chr, (4100L & 0xfff) << 8 | ((4100L & ~0xfffL) << 32)),
                "a major above 4095, in glibc's high bits");
        assertEquals(0, Terminals.kind(0010644, (136L << 8) | 3), "a pipe is no terminal whatever its rdev");
    }

    @Test
    void answersAsTheJdkDoesForThisProcess() {
        assertEquals(System.console() != null, Terminals.onTerminal());
    }
}
