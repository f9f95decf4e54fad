package io.jtop.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jnr-posix's calls against this host's name service, and what a C library that cannot be bound gives. */
class PosixTest {

    @Test
    void uidZeroIsRootAndAnUnusedUidHasNoName() throws IOException {
        assertEquals("root", Posix.userName(0));
        assertNull(Posix.userName(2_000_000_000), "no entry: null, the caller shows the number");
    }

    @Test
    void thisProcessIsItsUser() throws IOException {
        assertEquals(System.getProperty("user.name"), Posix.userName(uid()));
    }

    /**
     * jffi's native stub unpacked into a directory that does not exist: neither jnr-ffi nor
     * jnr-posix can bind libc, and each call says so in one line (an IOException), no stack trace.
     */
    @Test
    void anUnboundCLibraryIsOneLinePerCall(@TempDir Path dir) throws Exception {
        Process p = probe(List.of("-Djffi.extract.dir=" + dir.resolve("none")));
        String out = output(p);
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out);
        for (String l : lines) {
            assertFalse(l.contains("\tat "), out);
        }
        assertEquals("pidfd_open: cannot bind the C library through jnr-ffi: could not load jffi library from "
                + dir.resolve("none"), lines.get(0));
        assertEquals(lines.get(0), lines.get(1).replace("again ", ""), "the same line at the next call");
        assertEquals("getpwuid: cannot bind the C library through jnr-posix: could not load jffi library from "
                + dir.resolve("none"), lines.get(2));
        assertEquals(lines.get(2), lines.get(3).replace("again ", ""));
    }

    /** /etc/passwd names root without jnr-posix: the probe's JVM loads none of it. */
    @Test
    void rootIsNamedWithoutLoadingJnrPosix() throws Exception {
        Process p = probe(List.of("-Xlog:class+load", "-Djtop.probe=root"));
        String out = output(p);
        assertTrue(out.lines().anyMatch(l -> l.equals("root")), out);
        assertFalse(out.contains("jnr.posix."), "no jnr-posix class loaded");
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static Process probe(List<String> flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String output(Process p) throws Exception {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    /** The child: prints what each call gave, one line each. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if ("root".equals(System.getProperty("jtop.probe"))) {
                System.out.println(Posix.userName(0));
                return;
            }
            for (String again : List.of("", "again ")) {
                try {
                    Native.pidfdOpen((int) ProcessHandle.current().pid());
                    System.out.println("pidfd_open: " + again + "bound");
                } catch (IOException e) {
                    System.out.println("pidfd_open: " + again + e.getMessage());
                }
            }
            for (String again : List.of("", "again ")) {
                try {
                    // A uid /etc/passwd does not name: the name service is asked.
                    System.out.println("getpwuid: " + again + Posix.userName(2_000_000_000));
                } catch (IOException e) {
                    System.out.println("getpwuid: " + again + e.getMessage());
                }
            }
        }
    }
}
