package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop run}, {@code logs}, {@code rm} and their errors, in process on a temp store, as root. */
class RunCliIT {

    @TempDir
    Path tmp;

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @Test
    void attachedRunStreamsBothStreamsAndReturnsTheExitCode() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
        InProcess.Run r = jtop("run", "--rm", "bb", "sh", "-c", "echo out; echo err >&2; exit 4");
        assertEquals(4, r.exit(), r.err());
        assertEquals("out\n", r.out());
        assertEquals("err\n", r.err());
        // Other containers on the host are listed too (found from the cgroup tree, without names):
        // only this store's containers have names, and --rm left none.
        assertFalse(Pattern.compile("\"name\"\\s*:\\s*\"jtop-")
                .matcher(jtop("ps", "-a", "--json", "-d", "0").out()).find(), "--rm removed it");

        InProcess.Run d = jtop("run", "-d", "--name", "counter", "bb", "sh", "-c", "for i in 1 2 3; do echo $i; sleep 0.2; done");
        assertEquals(0, d.exit(), d.err());
        assertEquals(64, d.out().strip().length(), "prints the full id");
        assertEquals("1\n2\n3\n", jtop("logs", "-f", "counter").out());
        assertEquals("3\n", jtop("logs", "--tail", "1", "counter").out());
        assertTrue(jtop("ps", "-a", "-d", "0").out().contains("exited (0)"));
        assertEquals(0, jtop("rm", "counter").exit());
    }

    /**
     * A plain line ({@link ContainerRun#plain}: {@code --rm}, {@code -d}, {@code --name}) goes
     * without picocli, in the real jar's {@code main}: the same output, exit code, removal and errors
     * as through picocli.
     */
    @Test
    void aPlainRunLineDoesWhatPicoclisDoes() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
        List<String> store = List.of("env", "JTOP_ROOT=" + tmp.resolve("root"), "JTOP_RUN=" + tmp.resolve("run"));

        Jtop.Result r = Jtop.runAs(store, "run", "--rm", "bb", "sh", "-c", "echo out; echo err >&2; exit 4");
        assertEquals(4, r.exit(), r.err());
        assertEquals("out\n", r.out());
        assertEquals("err\n", r.err());
        // ps shows each container's image (bb): none of this store's is left
        assertFalse(Pattern.compile("\"image\"\\s*:\\s*\"bb\"")
                .matcher(jtop("ps", "-a", "--json", "-d", "0").out()).find(), "--rm removed it");

        Jtop.Result d = Jtop.runAs(store, "run", "-d", "--name", "plain", "bb", "true");
        assertEquals(0, d.exit(), d.err());
        assertTrue(d.out().matches("[0-9a-f]{64}\n"), d.out());
        assertEquals(0, jtop("rm", "-f", "plain").exit());

        for (String[] args : List.of(new String[] {"run", "nosuchimage"}, new String[] {"run", "--name", "a b", "bb"},
                new String[] {"run", "--rm", "bb", "/no/such/command"})) {
            Jtop.Result plain = Jtop.runAs(store, args);
            InProcess.Run picocli = jtop(args);
            assertEquals(picocli.exit(), plain.exit(), String.join(" ", args) + ": " + plain.err());
            assertEquals(withoutIds(picocli.err()), withoutIds(plain.err()), String.join(" ", args));
            assertTrue(plain.err().startsWith("jtop: ") && plain.err().lines().count() == 1, plain.err());
        }
    }

    /** A message with each container's id (and the name made of it) as ID: two runs make two. */
    private static String withoutIds(String message) {
        return message.replaceAll("[0-9a-f]{64}", "ID").replaceAll("jtop-[0-9a-f]{8}", "jtop-ID");
    }

    @Test
    void badRunOptionsAreOneLineUsageErrors() {
        for (String[] args : List.of(
                new String[] {"run", "--memory", "lots", "bb"},
                new String[] {"run", "-v", "/tmp", "bb"},
                new String[] {"run", "--network", "bridge", "bb"},
                new String[] {"run", "-u", "www-data", "bb"},
                new String[] {"run", "--pid", "container:x", "bb"})) {
            InProcess.Run r = jtop(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("jtop: ") && r.err().lines().count() == 2, r.err());
        }
        InProcess.Run missing = jtop("run", "nosuchimage");
        assertEquals(1, missing.exit());
        assertEquals("jtop: no image 'nosuchimage' (import one with: jtop image import SOURCE NAME)\n", missing.err());
        InProcess.Run noContainer = jtop("kill", "nothere");
        assertEquals(1, noContainer.exit());
        assertEquals("jtop: no container matches 'nothere'\n", noContainer.err());
    }
}
