package io.jtop.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupMountTest {

    /** The cgroup part of the build host's {@code /proc/self/mountinfo} (v1 fixture): hybrid, one mount per controller. */
    private static final String HYBRID = """
            23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    private static final Path HOST = Path.of("/host");

    private static final CgroupMount V2 = new CgroupMount(List.of(), "/sys/fs/cgroup", "/", true);

    @Test
    void hybridHostHasOneMountPerHierarchy() {
        assertEquals(List.of(
                new CgroupMount(List.of("cpu"), "/sys/fs/cgroup/cpu", "/", false),
                new CgroupMount(List.of("cpuacct"), "/sys/fs/cgroup/cpuacct", "/", false),
                new CgroupMount(List.of("memory"), "/sys/fs/cgroup/memory", "/", false),
                new CgroupMount(List.of("name=systemd"), "/sys/fs/cgroup/systemd", "/", false),
                new CgroupMount(List.of(), "/sys/fs/cgroup/unified", "/", true)),
                CgroupMount.fromMountinfo(HYBRID));
    }

    @Test
    void unifiedHostFromTheV2Fixture() {
        assertEquals(List.of(V2), CgroupMount.fromMountinfo(
                "25 23 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"));
    }

    @Test
    void coMountedControllersAndOtherSuperOptions() {
        List<CgroupMount> m = CgroupMount.fromMountinfo("""
                31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct
                27 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid shared:9 - cgroup cgroup rw,xattr,release_agent=/x,name=systemd
                """);
        assertEquals(List.of(
                new CgroupMount(List.of("cpu", "cpuacct"), "/sys/fs/cgroup/cpu,cpuacct", "/", false),
                new CgroupMount(List.of("name=systemd"), "/sys/fs/cgroup/systemd", "/", false)), m);
        assertTrue(m.get(0).has("cpuacct"));
        assertFalse(m.get(0).has("memory"));
    }

    @Test
    void aHierarchyMountedTwiceIsListedOnce() {
        List<CgroupMount> m = CgroupMount.fromMountinfo("""
                35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                90 27 0:32 /docker /mnt/memory rw,relatime - cgroup cgroup rw,memory
                """);
        assertEquals(List.of(new CgroupMount(List.of("memory"), "/sys/fs/cgroup/memory", "/", false)), m);
    }

    @Test
    void noCgroupMountsAtAll() {
        assertEquals(List.of(), CgroupMount.fromMountinfo("22 27 0:21 / /proc rw,relatime - proc proc rw\n"));
        assertEquals(List.of(), CgroupMount.fromMountinfo(""));
    }

    @Test
    void dirWithMountRootSlash() {
        CgroupMount cpu = new CgroupMount(List.of("cpu"), "/sys/fs/cgroup/cpu", "/", false);
        assertEquals(Path.of("/host/sys/fs/cgroup/cpu/docker/abc"), cpu.dir(HOST, "/docker/abc"));
        assertEquals(Path.of("/host/sys/fs/cgroup/cpu"), cpu.dir(HOST, "/"));
    }

    @Test
    void dirInsideACgroupNamespace() {
        CgroupMount ns = new CgroupMount(List.of("memory"), "/sys/fs/cgroup/memory", "/docker/abc", false);
        assertEquals(Path.of("/host/sys/fs/cgroup/memory"), ns.dir(HOST, "/docker/abc"));
        assertEquals(Path.of("/host/sys/fs/cgroup/memory/sub"), ns.dir(HOST, "/docker/abc/sub"));
        assertNull(ns.dir(HOST, "/docker/other"));
        assertNull(ns.dir(HOST, "/docker/abcdef"), "a sibling whose name starts with the root's");
        assertNull(ns.dir(HOST, "/"));
    }

    @Test
    void dirOfTheHostMountSeenFromAChildNamespace() {
        // inside-cgroupns/before-remount of the v2 fixture: root "/../..", other processes read "0::/../../init.scope".
        CgroupMount up = new CgroupMount(List.of(), "/sys/fs/cgroup", "/../..", true);
        assertEquals(Path.of("/host/sys/fs/cgroup/init.scope"), up.dir(HOST, "/../../init.scope"));
        assertNull(up.dir(HOST, "/"), "the namespace root's own name is not knowable from here");
    }

    @Test
    void dirRefusesToClimbOutOfTheMount() {
        assertNull(V2.dir(HOST, "/a/../../etc"));
        assertNull(V2.dir(HOST, "/a/.."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/system.slice", "/system.slice/docker-a01ea282.scope"})
    void pathOfRoundTripsWithDir(String path) {
        assertEquals(path, V2.pathOf(HOST, V2.dir(HOST, path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docker/abc", "/docker/abc/sub", "/docker/abc/sub/leaf"})
    void pathOfRoundTripsWithDirInsideANamespace(String path) {
        CgroupMount ns = new CgroupMount(List.of("pids"), "/sys/fs/cgroup/pids", "/docker/abc", false);
        assertEquals(path, ns.pathOf(HOST, ns.dir(HOST, path)));
    }
}
