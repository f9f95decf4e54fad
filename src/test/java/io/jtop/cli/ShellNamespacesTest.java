package io.jtop.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jtop shell --ns}: which nsenter options and which shell. */
class ShellNamespacesTest {

    @Test
    void allIsNsentersAll() {
        assertEquals(List.of("--all"), ShellCommands.nsenterFlags("all"));
        assertEquals(List.of("nsenter", "--target", "42", "--all", "/bin/sh"),
                ShellCommands.nsenterArgv(42, ShellCommands.nsenterFlags("all"), "/bin/sh", "/bin/bash"));
    }

    @Test
    void eachNameIsItsOption() {
        assertEquals(List.of("--mount", "--uts", "--ipc", "--net", "--pid", "--cgroup", "--user", "--time"),
                ShellCommands.nsenterFlags("mnt,uts,ipc,net,pid,cgroup,user,time"));
        assertEquals(List.of("--net", "--uts"), ShellCommands.nsenterFlags("net,uts,net"), "once each, as given");
    }

    @Test
    void theContainersShellOnlyInsideItsMountNamespace() {
        assertEquals(List.of("nsenter", "--target", "7", "--net", "/bin/bash"),
                ShellCommands.nsenterArgv(7, ShellCommands.nsenterFlags("net"), "/bin/sh", "/bin/bash"));
        assertEquals(List.of("nsenter", "--target", "7", "--mount", "--pid", "/bin/ash"),
                ShellCommands.nsenterArgv(7, ShellCommands.nsenterFlags("mnt,pid"), "/bin/ash", "/bin/bash"));
    }

    @Test
    void anythingElseIsRefusedWithTheList() {
        for (String bad : List.of("", "mount", "net,", "all,net", "NET", " net")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ShellCommands.nsenterFlags(bad), bad);
            assertEquals("--ns takes 'all' or a comma list of mnt,uts,ipc,net,pid,cgroup,user,time, not '" + bad
                    + "'", e.getMessage());
        }
    }

    @Test
    void aBadListIsAUsageErrorWithExitTwo() {
        InProcess.Run r = InProcess.jtop("shell", "anything", "--ns", "net,disk");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("jtop: --ns takes 'all' or a comma list of "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
