package io.jtop.cli;

import io.jtop.engine.bundle.RunOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jtop run}'s {@code --security-opt}, {@code --cap-add} and {@code --cap-drop}, spelt as
 * Docker takes them. Their mistakes are found before jtop touches the host, so this needs no root.
 */
class RunSecurityOptionsTest {

    @TempDir
    Path tmp;

    private static RunOptions options(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.options();
    }

    /** A run that fails on its options: exit code and stderr. */
    private InProcess.Run run(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = "img";
        return InProcess.jtopIn(tmp, args);
    }

    @Test
    void noNewPrivilegesInDockersSpellings() {
        assertNull(options("img").noNewPrivileges(), "the default: on unless privileged");
        assertEquals(Boolean.TRUE, options("--security-opt", "no-new-privileges", "img").noNewPrivileges());
        for (String off : List.of("no-new-privileges=false", "no-new-privileges:false", "no-new-privileges=0",
                "no-new-privileges=False", "no-new-privileges=f")) {
            assertEquals(Boolean.FALSE, options("--security-opt", off, "img").noNewPrivileges(), off);
        }
        assertEquals(Boolean.TRUE, options("--security-opt", "no-new-privileges=TRUE", "img").noNewPrivileges());
    }

    @Test
    void seccompChoicesTheLastOneWins() throws IOException {
        assertTrue(options("--security-opt", "seccomp=unconfined", "img").seccompUnconfined());
        assertTrue(options("--security-opt", "seccomp:unconfined", "img").seccompUnconfined());
        RunOptions builtin = options("--security-opt", "seccomp=unconfined", "--security-opt", "seccomp=builtin", "img");
        assertFalse(builtin.seccompUnconfined());
        assertNull(builtin.seccomp());
        Path file = Files.writeString(tmp.resolve("p.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
        assertNotNull(options("--security-opt", "seccomp=" + file, "img").seccomp());
        assertTrue(options("--security-opt", "systempaths=unconfined", "img").systemPathsUnconfined());
    }

    @Test
    void capabilitiesAreNormalised() {
        RunOptions o = options("--cap-add", "sys_admin", "--cap-add", "CAP_NET_ADMIN", "--cap-drop", "all", "img");
        assertEquals(List.of("CAP_SYS_ADMIN", "CAP_NET_ADMIN"), o.capAdd());
        assertEquals(List.of("ALL"), o.capDrop());
    }

    @Test
    void badCapabilitiesAndProfilesAreOneLine() throws IOException, InterruptedException {
        assertFailure("jtop: --cap-add: unknown capability \"CAP_FOO\"\n", run("--cap-add", "foo"));
        assertFailure("jtop: --cap-drop: unknown capability \"CAP_\"\n", run("--cap-drop", ""));
        Path missing = tmp.resolve("missing.json");
        assertFailure("jtop: seccomp profile " + missing + ": no such file\n", run("--security-opt", "seccomp=" + missing));
        assertFailure("jtop: seccomp profile " + tmp + ": not a regular file\n", run("--security-opt", "seccomp=" + tmp));
        assertFailure("jtop: seccomp profile /dev/zero: not a regular file\n", run("--security-opt", "seccomp=/dev/zero"));
        Path fifo = tmp.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertFailure("jtop: seccomp profile " + fifo + ": not a regular file\n", run("--security-opt", "seccomp=" + fifo));
        }
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{\"defaultAction\": SCMP_ACT_ALLOW}");
        assertFailure("jtop: seccomp profile " + garbage + ": not valid JSON (line 1, column 33)\n",
                run("--security-opt", "seccomp=" + garbage));
        Path binary = Files.write(tmp.resolve("binary.json"), new byte[] {'{', (byte) 0xff, '}'});
        assertFailure("jtop: seccomp profile " + binary + ": not UTF-8 text\n", run("--security-opt", "seccomp=" + binary));
        Path huge = Files.write(tmp.resolve("huge.json"), new byte[(1 << 20) + 1]);
        assertFailure("jtop: seccomp profile " + huge + ": larger than 1 MiB\n", run("--security-opt", "seccomp=" + huge));
        Path wrongAction = Files.writeString(tmp.resolve("action.json"), "{\"defaultAction\": \"SCMP_ACT_DENY\"}");
        assertFailure("jtop: seccomp profile " + wrongAction + ": defaultAction: unknown action \"SCMP_ACT_DENY\" "
                + "(one of SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL_PROCESS …)\n",
                run("--security-opt", "seccomp=" + wrongAction));
    }

    @Test
    void unknownSecurityOptionsAreUsageErrors() {
        for (String opt : List.of("apparmor=unconfined", "seccomp", "seccomp=", "no-new-privileges=maybe", "label:x",
                "systempaths=confined", "nonsense")) {
            InProcess.Run r = run("--security-opt", opt);
            assertEquals(2, r.exit(), opt + ": " + r.err());
            assertTrue(r.err().startsWith("jtop: --security-opt ") && r.err().lines().count() == 2, r.err());
        }
    }

    private static void assertFailure(String expectedStart, InProcess.Run r) {
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith(expectedStart), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
