package io.jtop.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcCgroupTest {

    @Test
    void v2HasOneLineWithoutControllers() {
        assertEquals(List.of(new ProcCgroup(0, List.of(), "/x")), ProcCgroup.parse("0::/x\n"));
    }

    @Test
    void v1HybridWithNamedHierarchyAndCoMountedControllers() {
        String text = """
                9:name=systemd:/docker/abc
                4:memory:/process_api/9de6434fedb78e6912e5d137632b05f5
                2:cpu,cpuacct:/docker/abc
                0::/
                """;
        assertEquals(List.of(
                new ProcCgroup(9, List.of("name=systemd"), "/docker/abc"),
                new ProcCgroup(4, List.of("memory"), "/process_api/9de6434fedb78e6912e5d137632b05f5"),
                new ProcCgroup(2, List.of("cpu", "cpuacct"), "/docker/abc"),
                new ProcCgroup(0, List.of(), "/")), ProcCgroup.parse(text));
    }

    @Test
    void pathKeepsColonsAndCgroupnsDotDots() {
        assertEquals(List.of(new ProcCgroup(0, List.of(), "/../../init.scope"), new ProcCgroup(8, List.of("pids"), "/a:b")),
                ProcCgroup.parse("0::/../../init.scope\n8:pids:/a:b\n"));
    }

    @Test
    void garbageLinesAreSkipped() {
        String text = """
                garbage
                x:cpu:/a
                3:memory
                5:devices:relative/path

                7:blkio:/ok
                """;
        assertEquals(List.of(new ProcCgroup(7, List.of("blkio"), "/ok")), ProcCgroup.parse(text));
    }

    @Test
    void emptyAndNullGiveNoLines() {
        assertEquals(List.of(), ProcCgroup.parse(""));
        assertEquals(List.of(), ProcCgroup.parse(null));
    }
}
