package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@code jtop shell} with commands piped in, through the packaged jar, on a container of a temp store, as root. */
class ShellIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void runOne() {
        Host.requireRoot();
        Host.requireCommand("conmon");
        Host.requireCommand("nsenter");
        assertEquals(0, InProcess.jtopIn(tmp, "image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(),
                "bb").exit());
        InProcess.Run r = InProcess.jtopIn(tmp, "run", "-d", "--name", "nsbox", "--hostname", "nsbox", "bb",
                "sleep", "1000");
        assertEquals(0, r.exit(), r.err());
    }

    @AfterEach
    void removeIt() {
        InProcess.jtopIn(tmp, "rm", "-f", "nsbox");
    }

    /** {@code printf INPUT | jtop --root … shell ARGS}. */
    private Jtop.Result shell(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("--root", tmp.resolve("root").toString(),
                "--run-dir", tmp.resolve("run").toString(), "shell"));
        all.addAll(List.of(args));
        return Jtop.runAs(List.of("bash", "-c", "printf \"$0\" | \"$@\"", input), all.toArray(String[]::new));
    }

    @Test
    void utsOnlyGivesTheContainersHostname() throws Exception {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertNotEquals("nsbox", host);
        Jtop.Result r = shell("hostname\\nexit\\n", "nsbox", "--ns", "uts").assertOk();
        assertEquals("nsbox\n", r.out(), r.err());
    }

    @Test
    void netOnlySeesOnlyTheContainersLoopback() {
        // The host's shell and tools: /proc/net follows the network namespace of the reader.
        Jtop.Result r = shell("cat /proc/net/dev\\n", "nsbox", "--ns", "net").assertOk();
        List<String> ifaces = r.out().lines().skip(2).map(l -> l.strip().split(":")[0]).toList();
        assertEquals(List.of("lo"), ifaces, r.out());
    }

    @Test
    void allStillRunsTheContainersOwnShell() {
        Jtop.Result r = shell("hostname; readlink /bin/sh\\n", "nsbox").assertOk();
        assertEquals("nsbox\nbusybox\n", r.out(), r.err());
    }
}
