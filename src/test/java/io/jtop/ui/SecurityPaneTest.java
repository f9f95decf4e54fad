package io.jtop.ui;

import io.jtop.container.Runtime;
import io.jtop.linux.proc.IdMap;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.metrics.SecurityPosture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecurityPaneTest {

    @Test
    void aPrivilegedContainersCapabilitiesAreEveryOneNotAListOfExtras() {
        ProcStatus status = ProcStatus.parse("Name:\tsh\nUid:\t0\t0\t0\t0\nCapEff:\t000001fffeffffff\n"
                + "NoNewPrivs:\t0\nSeccomp:\t0\n");
        SecurityPosture p = SecurityPosture.of(Runtime.PODMAN, status, 40, 0x000001fffeffffffL,
                IdMap.parse("0 0 4294967295\n"), List.of(), List.of(), null, null, false);
        List<String> lines = SecurityPane.lines(p);
        assertEquals("privileged    yes", lines.get(0));
        assertEquals("capabilities  40 effective: every one the host allows", lines.get(1));
    }
}
