package io.jtop.metrics;

import io.jtop.container.Runtime;
import io.jtop.linux.mount.EngineSocketFiles.SocketFile;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.ProcStatus;
import io.jtop.linux.proc.IdMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityPostureTest {
    /** Docker's default set (0xa80425fb) on a 5.x kernel whose last capability is 40. */
    private static final String DOCKER_DEFAULT = "Name:\tsleep\nUid:\t0\t0\t0\t0\nCapEff:\t00000000a80425fb\n"
            + "NoNewPrivs:\t0\nSeccomp:\t2\n";
    private static final IdMap HOST = IdMap.parse("0 0 4294967295\n");
    private static final String ROOT = "700 600 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l\n"
            + "710 700 0:60 / /sys ro,nosuid,nodev,noexec - sysfs sysfs ro\n"
            + "720 710 0:30 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro\n"
            + "730 720 0:31 /docker/x /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n";

    private static SecurityPosture docker(String status, IdMap map, String mounts) {
        return SecurityPosture.of(Runtime.DOCKER, ProcStatus.parse(status), 40, -1, map, MountInfo.parse(mounts), List.of(),
                "docker-default (enforce)", List.of("c 1:3 rwm"), false);
    }

    @Test
    void plainDockerContainerRaisesOnlyRootIsRoot() {
        SecurityPosture p = docker(DOCKER_DEFAULT, HOST, ROOT);
        assertEquals(List.of("root-root"), p.flags());
        assertEquals(List.of(), p.beyondDefault());
        assertEquals("filter", p.seccomp());
        assertFalse(p.privileged());
        assertEquals(14, p.capabilities().size());
    }

    @Test
    void remappedUserNamespaceIsNotRootOnRoot() {
        assertEquals(List.of(), docker(DOCKER_DEFAULT, IdMap.parse("0 100000 65536\n"), ROOT).flags());
    }

    @Test
    void capAddSysAdminIsNamedBeyondTheDefault() {
        SecurityPosture p = docker(DOCKER_DEFAULT.replace("a80425fb", "a82425fb"), HOST, ROOT);
        assertEquals(List.of("SYS_ADMIN"), p.beyondDefault());
        assertEquals(List.of("caps", "root-root"), p.flags());
        assertTrue(p.findings().get(0).why().startsWith("SYS_ADMIN"));
    }

    @Test
    void podmansSmallerDefaultNamesWhatDockerWouldNot() {
        SecurityPosture p = SecurityPosture.of(Runtime.PODMAN, ProcStatus.parse(DOCKER_DEFAULT), 40, -1, HOST,
                List.of(), List.of(), null, null, true);
        assertEquals(List.of("NET_RAW", "MKNOD", "AUDIT_WRITE"), p.beyondDefault());
        assertEquals("podman", p.defaultSetOf());
        assertNull(p.devices());
        assertTrue(p.devicesNote().contains("BPF"));
    }

    @Test
    void unconfinedSeccompAndPrivileged() {
        SecurityPosture p = docker(DOCKER_DEFAULT.replace("Seccomp:\t2", "Seccomp:\t0"), HOST, ROOT);
        assertEquals(List.of("no-seccomp", "root-root"), p.flags());
        SecurityPosture priv = SecurityPosture.of(Runtime.DOCKER, ProcStatus.parse(
                DOCKER_DEFAULT.replace("00000000a80425fb", "000001ffffffffff").replace("Seccomp:\t2", "Seccomp:\t0")),
                40, -1, HOST, MountInfo.parse(ROOT.replace("/sys ro,", "/sys rw,")), List.of(), null, List.of("a *:* rwm"), false);
        assertTrue(priv.privileged());
        assertEquals(List.of("no-seccomp", "root-root", "sys-rw"), priv.flags(), "PRIV is its own flag, not +CAPS");
        assertTrue(priv.findings().stream().anyMatch(f -> f.what().startsWith("devices: every device")));
    }

    @Test
    void engineSocketsAreFoundByMountPointOrSource() {
        String mounts = ROOT + "740 700 0:5 /run/docker.sock /var/run/docker.sock rw - tmpfs tmpfs rw\n"
                + "741 700 0:5 /run/podman/podman.sock /api rw - tmpfs tmpfs rw\n"
                + "742 700 0:5 /run/containerd/containerd.sock /run/containerd/containerd.sock rw - tmpfs tmpfs rw\n";
        SecurityPosture p = docker(DOCKER_DEFAULT, HOST, mounts);
        assertEquals(List.of("/var/run/docker.sock", "/api", "/run/containerd/containerd.sock"), p.engineSockets());
        assertTrue(p.flags().contains("sock"));
    }

    /** This machine's layout: /run on the root file system (254:0), /var/run a link to it, Docker's store bound. */
    private static final String HOST_MOUNTS = "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
            + "44 26 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw\n"
            + "50 26 0:77 / /run/user rw - tmpfs tmpfs rw\n";
    private static final List<SocketFile> ON_HOST = List.of(new SocketFile("/run/docker.sock", "254:0"),
            new SocketFile("/run/podman/podman.sock", "254:0"), new SocketFile("/run/user/crio.sock", "0:77"));

    private static List<String> reached(String containerMounts) {
        return SocketsReached.of(MountInfo.parse(containerMounts), MountInfo.parse(HOST_MOUNTS), ON_HOST);
    }

    @Test
    void aBoundDirectoryHoldingAnEngineSocketIsAnEngineSocketInside() {
        // docker run -v /var/run:/host-run: the mount shows /run of the root file system.
        String mounts = ROOT + "750 700 254:0 /run /host-run rw,relatime - ext4 /dev/vda rw\n";
        List<String> reached = reached(mounts);
        assertEquals(List.of("/host-run/docker.sock", "/host-run/podman/podman.sock"), reached);
        SecurityPosture p = SecurityPosture.of(Runtime.DOCKER, ProcStatus.parse(DOCKER_DEFAULT), 40, -1, HOST,
                MountInfo.parse(mounts), reached, "docker-default (enforce)", List.of(), false);
        assertEquals(List.of("root-root", "sock"), p.flags());
        assertEquals(reached, p.engineSockets());
        assertEquals(List.of("/h/run/docker.sock", "/h/run/podman/podman.sock"),
                reached(ROOT + "750 700 254:0 / /h ro - ext4 /dev/vda rw\n"), "-v /:/h");
        assertEquals(List.of("/p/podman.sock"), reached(ROOT + "750 700 254:0 /run/podman /p rw - ext4 /dev/vda rw\n"));
        assertEquals(List.of("/u/crio.sock"), reached(ROOT + "750 700 0:77 / /u rw - tmpfs tmpfs rw\n"),
                "a socket on a file system of its own: found through the host's mount of it");
    }

    @Test
    void aSocketBindIsNamedOnceBySourceAndByName() {
        String mounts = ROOT + "740 700 254:0 /run/docker.sock /var/run/docker.sock rw - ext4 /dev/vda rw\n";
        List<String> reached = reached(mounts);
        assertEquals(List.of("/var/run/docker.sock"), reached);
        assertEquals(List.of("/var/run/docker.sock"), SecurityPosture.of(Runtime.DOCKER,
                ProcStatus.parse(DOCKER_DEFAULT), 40, -1, HOST, MountInfo.parse(mounts), reached, null, null, false)
                .engineSockets());
    }

    @Test
    void aDirectoryThatDoesNotShowTheSocketIsNotOne() {
        String other = "750 700 254:0 /run/lock /l rw - ext4 /dev/vda rw\n";
        String runOther = "751 700 254:0 /srv/run /s rw - ext4 /dev/vda rw\n";
        String deleted = "752 700 254:0 /run//deleted /d rw - ext4 /dev/vda rw\n";
        String otherDevice = "753 700 254:9 /run /o rw - ext4 /dev/vdb rw\n";
        assertEquals(List.of(), reached(ROOT + other + runOther + deleted + otherDevice));
        // -v /:/h without recursion shows the root file system's empty /run/user, not the tmpfs on it.
        assertEquals(List.of("/h/run/docker.sock", "/h/run/podman/podman.sock"),
                reached(ROOT + "750 700 254:0 / /h rw - ext4 /dev/vda rw\n"));
        // A tmpfs mounted over the directory (or over the socket) afterwards hides it.
        String bound = "750 700 254:0 /run /host-run rw - ext4 /dev/vda rw\n";
        assertEquals(List.of(), reached(ROOT + bound + "760 750 0:99 / /host-run rw - tmpfs tmpfs rw\n"));
        assertEquals(List.of("/host-run/podman/podman.sock"),
                reached(ROOT + bound + "760 750 0:99 / /host-run/docker.sock rw - tmpfs tmpfs rw\n"));
        // A mount beneath made before the directory was bound over its parent stays hidden.
        assertEquals(List.of("/host-run/docker.sock", "/host-run/podman/podman.sock"),
                reached(ROOT + "745 700 0:99 / /host-run/docker.sock rw - tmpfs tmpfs rw\n" + bound));
        assertEquals(List.of(), SocketsReached.of(MountInfo.parse(ROOT + bound), MountInfo.parse(HOST_MOUNTS),
                List.of()), "no socket on the host");
    }

    @Test
    void aContainerBindingTheDirectory100000TimesIsReadInBoundedTime() {
        String bound = "750 700 254:0 /run /host-run rw - ext4 /dev/vda rw\n";
        String many = ROOT + bound.repeat(100_000) + "760 700 254:0 /run /x\\012\033[2J rw - ext4 /dev/vda rw\n";
        long start = System.nanoTime();
        List<String> reached = reached(many);
        assertEquals(List.of("/host-run/docker.sock", "/host-run/podman/podman.sock",
                "/x\n\033[2J/docker.sock", "/x\n\033[2J/podman/podman.sock"), reached, "unescaped here, escaped where printed");
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "linear in the mounts, not quadratic");
    }

    @Test
    void hostileMountPointsAndLabelsStayBounded() {
        // A container mounts a socket at a path with a newline and an escape, 100,000 times.
        String line = "740 700 0:5 /run/docker.sock /x\\012\033[2J/docker.sock rw - tmpfs tmpfs rw\n";
        SecurityPosture p = docker(DOCKER_DEFAULT, HOST, ROOT + line.repeat(100_000));
        assertEquals(SecurityPosture.MAX_MOUNTS, p.engineSockets().size());
        assertEquals("/x\n\033[2J/docker.sock", p.engineSockets().get(0), "unescaped here, escaped where printed");
        assertTrue(SecurityPosture.relevant(MountInfo.parse(line.repeat(1000))).size() <= 2 * SecurityPosture.MAX_MOUNTS);
        SecurityPosture label = SecurityPosture.of(Runtime.DOCKER, ProcStatus.parse(DOCKER_DEFAULT), 40, -1, HOST,
                List.of(), List.of(), "x".repeat(100_000), null, false);
        assertEquals(SecurityPosture.MAX_LABEL + 1, label.label().length());
    }

    @Test
    void unreadableProcessGivesNoFlags() {
        SecurityPosture p = SecurityPosture.of(Runtime.JTOP, null, 40, -1, null, null, null, null, null, false);
        assertNull(p.privileged());
        assertNull(p.capabilities());
        assertNull(p.seccomp());
        assertEquals(List.of(), p.flags());
    }

    @Test
    void privilegedOnAHostWithABoundedSetIsEveryCapabilityItAllows() {
        // This machine's own bounding set lacks SYS_RESOURCE (bit 24): --privileged gives the rest.
        String status = DOCKER_DEFAULT.replace("00000000a80425fb", "000001fffeffffff");
        SecurityPosture p = SecurityPosture.of(Runtime.JTOP, ProcStatus.parse(status), 40, 0x000001fffeffffffL,
                HOST, List.of(), List.of(), null, null, false);
        assertTrue(p.privileged());
        assertFalse(p.flags().contains("caps"), p.flags().toString());
        assertFalse(SecurityPosture.of(Runtime.JTOP, ProcStatus.parse(status), 40, -1, HOST, List.of(), List.of(), null, null,
                false).privileged(), "on a kernel whose every capability is allowed, one missing is not privileged");
    }
}
