package io.jtop.linux.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void lineWithoutOptionalFields() {
        assertEquals(List.of(new MountInfo(32, 31, "0:29", "/", "/sys/fs/cgroup/cpu", "rw,relatime",
                        "cgroup", "cgroup", "rw,cpu")),
                MountInfo.parse("32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"));
    }

    @Test
    void optionalFieldsAreSkipped() {
        String text = """
                42 27 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw,discard
                50 42 0:40 / /mnt/x rw,relatime shared:5 master:2 - ext4 /dev/vdb rw
                """;
        List<MountInfo> m = MountInfo.parse(text);
        assertEquals(new MountInfo(42, 27, "254:0", "/var/lib/docker", "/var/lib/docker", "rw,relatime",
                "ext4", "/dev/vda", "rw,discard", "shared:1"), m.get(0));
        assertEquals(new MountInfo(50, 42, "0:40", "/", "/mnt/x", "rw,relatime", "ext4", "/dev/vdb", "rw", "shared:5 master:2"), m.get(1));
    }

    @Test
    void octalEscapesAreUndone() {
        MountInfo m = MountInfo.parse("60 27 0:41 /a\\134b /mnt/my\\040disk\\011x rw - tmpfs my\\040src rw\n").get(0);
        assertEquals("/a\\b", m.root());
        assertEquals("/mnt/my disk\tx", m.mountPoint());
        assertEquals("my src", m.source());
    }

    @Test
    void unescapeLeavesABackslashThatIsNotAnEscape() {
        assertEquals("a\\x", MountInfo.unescape("a\\x"));
        assertEquals("a\\04", MountInfo.unescape("a\\04"));
        assertEquals("plain", MountInfo.unescape("plain"));
    }

    @Test
    void garbledLinesAreSkipped() {
        String text = """
                garbage
                1 2 3 4 5 6 7
                x 27 0:41 / /mnt rw - tmpfs tmpfs rw
                61 27 0:42 / /mnt rw - tmpfs

                62 27 0:43 / /ok rw - tmpfs tmpfs rw
                """;
        List<MountInfo> m = MountInfo.parse(text);
        assertEquals(1, m.size());
        assertEquals("/ok", m.get(0).mountPoint());
    }

    @Test
    void missingSuperOptionsAreEmpty() {
        assertEquals("", MountInfo.parse("63 27 0:44 / /m rw - tmpfs tmpfs").get(0).superOptions());
    }

    @Test
    void emptyAndNullGiveNoMounts() {
        assertEquals(List.of(), MountInfo.parse(""));
        assertEquals(List.of(), MountInfo.parse(null));
    }

    @Test
    void topmostAtPicksTheLastMountOnThePoint() {
        List<MountInfo> mounts = MountInfo.parse("""
                27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
                22 27 0:21 / /proc rw,relatime - proc proc rw
                300 27 0:99 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w
                """);
        assertEquals(300, MountInfo.topmostAt(mounts, "/").id());
        assertEquals(22, MountInfo.topmostAt(mounts, "/proc").id());
        assertNull(MountInfo.topmostAt(mounts, "/nowhere"));
    }

    @Test
    void propagationFromTheOptionalFields() {
        List<MountInfo> m = MountInfo.parse("""
                1 0 8:1 / /a rw shared:3 - ext4 /dev/sda1 rw
                2 0 8:1 / /b ro,nosuid master:7 - ext4 /dev/sda1 rw
                3 0 8:1 / /c rw - ext4 /dev/sda1 rw
                4 0 8:1 / /d rw shared:4 master:1 unbindable - ext4 /dev/sda1 rw
                """);
        assertEquals("shared:3", m.get(0).propagation());
        assertEquals("slave(master:7)", m.get(1).propagation());
        assertEquals("private", m.get(2).propagation());
        assertEquals("shared:4 slave(master:1) unbindable", m.get(3).propagation());
        assertEquals(false, m.get(0).readOnly());
        assertEquals(true, m.get(1).readOnly());
    }

    @Test
    void aMountPointWithANewlineStaysOneMount() {
        List<MountInfo> m = MountInfo.parse("70 27 8:1 /src\\012x /data\\012evil\\040dir rw - ext4 /dev/sda1 rw\n");
        assertEquals(1, m.size());
        assertEquals("/data\nevil dir", m.get(0).mountPoint());
        assertEquals("/src\nx", m.get(0).root());
    }
}
