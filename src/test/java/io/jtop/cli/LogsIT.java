package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop logs} and an attached {@code jtop run} on large output, through the packaged jar with its
 * heap capped, so that keeping a log in memory fails; log rotation by {@code --log-opt}; output byte for
 * byte. As root, on a store of the test's own.
 */
class LogsIT {

    private static final String ENTRY = "2026-12-05T13:30:05.179931403+00:00 stdout F ";
    private static final String LINE = "the quick brown fox jumps over the lazy dog 0123456789";

    @TempDir
    Path tmp;

    private final List<String> names = new ArrayList<>();

    @BeforeEach
    void image() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
    }

    @AfterEach
    void removeContainers() {
        for (String n : names) {
            jtop("rm", "-f", n);
        }
    }

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    /** Starts a detached container and waits until it has exited. */
    private String runToExit(String name, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", "-d", "--name", name));
        all.addAll(List.of(args));
        names.add(name);
        InProcess.Run r = jtop(all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!jtop("ps", "-a", "-d", "0").out().lines().anyMatch(l -> l.contains(name) && l.contains("exited"))) {
            assertTrue(System.nanoTime() < deadline, name + " did not exit within 60 s");
            Thread.sleep(50);
        }
        return r.out().strip();
    }

    private Path containerDir(String id) {
        return tmp.resolve("root").resolve("containers").resolve(id);
    }

    @Test
    void tailAndFollowOfALargeLogFitInA64MbHeap() throws Exception {
        String id = runToExit("big", "bb", "/bin/echo", "first");
        // 220 MB of log: more than the heap many times over.
        Path log = containerDir(id).resolve("ctr.log");
        long lines = 4_000_000;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log,
                StandardOpenOption.APPEND), 1 << 16)) {
            byte[] entry = (ENTRY + LINE + "\n").getBytes(StandardCharsets.US_ASCII);
            for (long i = 0; i < lines; i++) {
                out.write(entry);
            }
            out.write((ENTRY + "last\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(Files.size(log) > 200_000_000L);

        Capped tail = capped("logs", "--tail", "5", "big");
        assertEquals(0, tail.exit(), tail.err());
        assertEquals((LINE + "\n").repeat(4) + "last\n", tail.text());
        assertEquals("", tail.err());

        Capped all = capped("logs", "-f", "big");
        assertEquals(0, all.exit(), all.err());
        assertEquals("first\n".length() + lines * (LINE.length() + 1) + "last\n".length(), all.bytes());
        assertTrue(all.text().endsWith(LINE + "\nlast\n"));
    }

    @Test
    void anAttachedRunOfAFloodStreamsEveryByteAndReturnsTheExitCode() throws Exception {
        // 16.5 MB of log (each 55-byte line an entry of 100): conmon replaces the file once, at the
        // default 10 MiB, maybe before the new JVM reads it; the run opened it before the start.
        long size = 9_000_000;
        names.add("flood");
        Capped run = capped(List.of("-Xmx32m"), "run", "--name", "flood", "bb", "/bin/sh", "-c",
                "yes '" + LINE + "' | head -c " + size + "; exit 3");
        assertEquals(3, run.exit(), run.err());
        assertEquals(size, run.bytes());
        assertEquals("", run.err());
    }

    @Test
    void logsAreRotatedAtEachStartAndReadAcrossTheKeptFiles() throws Exception {
        String id = runToExit("rotated", "--log-opt", "max-size=64k", "--log-opt", "max-file=2", "bb", "/bin/sh",
                "-c", "i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done");
        Path dir = containerDir(id);
        assertEquals(List.of("ctr.log"), logFiles(dir));
        long size = Files.size(dir.resolve("ctr.log"));
        assertTrue(size > 0 && size <= 64 * 1024, "conmon kept it under max-size: " + size);
        String once = jtop("logs", "rotated").out();
        assertTrue(once.endsWith("line 2999\n") && !once.startsWith("line 0\n"), "the start was replaced");

        for (int start = 0; start < 2; start++) {
            assertEquals(0, jtop("restart", "-t", "1", "rotated").exit());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!jtop("ps", "-a", "-d", "0").out().lines().anyMatch(l -> l.contains("rotated") && l.contains("exited"))) {
                assertTrue(System.nanoTime() < deadline, "did not exit within 60 s");
                Thread.sleep(50);
            }
        }
        assertEquals(List.of("ctr.log", "ctr.log.1"), logFiles(dir), "max-file 2: the current file and one kept");
        for (String f : logFiles(dir)) {
            assertTrue(Files.size(dir.resolve(f)) <= 64 * 1024, f);
        }
        String both = jtop("logs", "rotated").out();
        assertEquals(2, both.lines().filter(l -> l.equals("line 2999")).count(), "both runs' ends: " + both.length());
        assertEquals("line 2999\n", jtop("logs", "--tail", "1", "rotated").out());
    }

    @Test
    void aFollowerEndsWhenItsContainerIsRemovedUnderIt() throws Exception {
        names.add("removed");
        assertEquals(0, jtop("run", "-d", "--name", "removed", "bb", "/bin/sh", "-c",
                "while :; do echo tick; sleep 0.1; done").exit());
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Jtop.jar().toString(), "--root", tmp.resolve("root").toString(), "--run-dir",
                tmp.resolve("run").toString(), "logs", "-f", "removed"));
        Process follower = new ProcessBuilder(argv).redirectInput(new File("/dev/null")).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(follower.getErrorStream()));
        try (InputStream in = follower.getInputStream()) {
            assertEquals("tick\n", new String(in.readNBytes(5), StandardCharsets.UTF_8), "it follows");
            assertEquals(0, jtop("rm", "-f", "removed").exit());
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertTrue(follower.waitFor(30, TimeUnit.SECONDS), "the follower ended with its container");
        assertEquals(0, follower.exitValue(), err.get());
        assertEquals("", err.get());
    }

    @Test
    void badLogOptionsAreOneLineUsageErrors() {
        for (String opt : List.of("max-size=lots", "max-size=0", "max-file=0", "max-file=x", "mode=fast")) {
            InProcess.Run r = jtop("run", "--log-opt", opt, "bb", "/bin/true");
            assertEquals(2, r.exit(), opt + ": " + r.err());
            assertTrue(r.err().startsWith("jtop: --log-opt "), r.err());
        }
    }

    @Test
    void toAPipeTheOutputIsByteForByteWhatTheContainerWrote() throws Exception {
        runToExit("hostile", "bb", "/bin/sh", "-c", "printf '\\377\\033[2Jx\\r\\n\\302'; printf 'e\\n' >&2");
        Capped out = capped("logs", "hostile");
        assertEquals(0, out.exit(), out.err());
        assertArrayEquals(new byte[] {(byte) 0xff, 0x1b, '[', '2', 'J', 'x', '\r', '\n', (byte) 0xc2}, out.head());
        assertEquals("e\n", out.err());
    }

    @Test
    void toATerminalTheOutputIsEscaped() throws Exception {
        Host.requireCommand("script");
        runToExit("hostile-tty", "bb", "/bin/sh", "-c", "printf '\\377\\033[2Jx\\033]0;PWN\\007\\302\\233\\n'");
        // script(1) runs jtop on a pseudo-terminal and copies what it prints, as a terminal would get it.
        String jtop = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Jtop.jar().toString(), "--root", tmp.resolve("root").toString(), "--run-dir",
                tmp.resolve("run").toString(), "logs", "hostile-tty");
        Process p = new ProcessBuilder("script", "-qec", jtop, "/dev/null").redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("\\xff\\x1b[2Jx\\x1b]0;PWN\\x07\\u009b\r\n"), text);
        for (byte b : out) {
            assertTrue(b != 0x1b && b != 0x07 && b != (byte) 0xff, "a raw control reached the terminal: " + text);
        }
    }

    private List<String> logFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ctr.log")).sorted().toList();
        }
    }

    /** What a run of the jar printed: stdout counted, its first and last 4 KiB kept; stderr whole. */
    private record Capped(int exit, long bytes, byte[] head, String tail, String err) {
        String text() {
            return bytes <= 4096 ? new String(head, StandardCharsets.UTF_8) : tail;
        }
    }

    private Capped capped(String... args) throws Exception {
        return capped(List.of("-Xmx64m"), args);
    }

    /** Runs the packaged jar with {@code jvm} options (a capped heap) on this test's store. */
    private Capped capped(List<String> jvm, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(jvm);
        argv.addAll(List.of("-jar", Jtop.jar().toString(), "--root", tmp.resolve("root").toString(),
                "--run-dir", tmp.resolve("run").toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectInput(new File("/dev/null")).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        long count = 0;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] last = new byte[4096];
        int lastLen = 0;
        try (InputStream in = p.getInputStream()) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                count += n;
                if (head.size() < 4096) {
                    head.write(b, 0, Math.min(n, 4096 - head.size()));
                }
                if (n >= last.length) {
                    System.arraycopy(b, n - last.length, last, 0, last.length);
                    lastLen = last.length;
                } else {
                    int keep = Math.min(lastLen, last.length - n);
                    System.arraycopy(last, lastLen - keep, last, 0, keep);
                    System.arraycopy(b, 0, last, keep, n);
                    lastLen = keep + n;
                }
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "jtop " + String.join(" ", args) + " did not end in 300 s");
        assertFalse(err.get().contains("OutOfMemoryError"), err.get());
        return new Capped(p.exitValue(), count, head.toByteArray(),
                new String(last, 0, lastLen, StandardCharsets.UTF_8), err.get());
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
