package io.jtop.cli;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which shell {@code jtop shell} opens in a container, from its /etc/passwd. */
class LoginShellTest {

    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            app:x:1000:1000::/home/app:/bin/zsh
            """;

    @Test
    void theUsersShellWhenTheContainerHasIt() {
        assertEquals("/bin/bash", LoginShell.pick(PASSWD, 0, Set.of("/bin/bash", "/bin/sh")::contains));
        assertEquals("/bin/zsh", LoginShell.pick(PASSWD, 1000, Set.of("/bin/zsh")::contains));
    }

    @Test
    void elseBinShElsePlainSh() {
        assertEquals("/bin/sh", LoginShell.pick(PASSWD, 0, Set.of("/bin/sh")::contains), "bash is not installed");
        assertEquals("/bin/sh", LoginShell.pick(PASSWD, 1, Set.of("/bin/sh", "/usr/sbin/nologin")::contains),
                "nologin is no shell to open");
        assertEquals("/bin/sh", LoginShell.pick(null, 0, Set.of("/bin/sh")::contains), "no /etc/passwd");
        assertEquals("sh", LoginShell.pick(PASSWD, 0, Set.<String>of()::contains), "nothing found: sh from PATH");
        assertEquals("/bin/sh", LoginShell.pick("root:x:0:0:root:/root:bash\ngarbage\n", 0, Set.of("/bin/sh", "bash")::contains),
                "a relative shell is not trusted");
        assertEquals("/bin/sh", LoginShell.pick(PASSWD, 42, Set.of("/bin/sh")::contains), "a uid without an entry");
    }
}
