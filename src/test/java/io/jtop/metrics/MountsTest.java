package io.jtop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.linux.mount.FileOwner;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.Credentials;
import io.jtop.linux.proc.IdMap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountsTest {

    private static final List<MountInfo> HOST = MountInfo.parse("""
            27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
            40 27 254:2 / /srv rw,relatime shared:2 - ext4 /dev/vdb rw
            41 27 254:2 /exports /export rw,relatime shared:3 - ext4 /dev/vdb rw
            """);
    private static final String CONTAINER = """
            600 500 0:99 / / rw,relatime master:9 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w
            601 600 0:100 / /proc rw,nosuid - proc proc rw
            602 600 0:101 / /dev rw,nosuid - tmpfs tmpfs rw,mode=755
            603 600 254:2 /data/app /data rw,relatime - ext4 /dev/vdb rw
            604 600 254:1 /var/lib/docker/containers/abc/hosts /etc/hosts ro,relatime - ext4 /dev/vda1 rw
            605 600 254:2 /exports/x\\040y /my\\012vol rw shared:3 - ext4 /dev/vdb rw
            606 600 254:1 /tmp/gone//deleted /gone rw - ext4 /dev/vda1 rw
            """;
    private static final IdMap IDENTITY = IdMap.parse("         0          0 4294967295\n");
    private static final Credentials UID_1000 = Credentials.parse(
            "Name:\tsh\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nGroups:\t\n");

    private final Map<String, FileOwner> files = new HashMap<>();

    private Mounts mounts(Credentials cred, IdMap uids, IdMap gids) {
        return Mounts.of(MountInfo.parse(CONTAINER), HOST, cred, uids, gids, files::get);
    }

    private static Mounts.Mount at(Mounts m, String destination) {
        return m.mounts().stream().filter(x -> x.destination().equals(destination)).findFirst().orElseThrow();
    }

    @Test
    void bindMountsAreResolvedToHostPaths() {
        Mounts m = mounts(UID_1000, IDENTITY, IDENTITY);
        assertEquals("/srv/data/app", at(m, "/data").hostSource());
        assertTrue(at(m, "/data").bind());
        assertEquals("/var/lib/docker/containers/abc/hosts", at(m, "/etc/hosts").hostSource());
        assertEquals("/export/x y", at(m, "/my\nvol").hostSource());
        assertEquals("shared:3", at(m, "/my\nvol").propagation());
        assertFalse(at(m, "/").bind());
        assertEquals("slave(master:9)", at(m, "/").propagation());
        assertFalse(at(m, "/proc").bind());
        assertEquals("tmpfs", at(m, "/dev").hostSource());
        assertTrue(at(m, "/etc/hosts").readOnly());
    }

    @Test
    void uid1000CannotWriteARootOwned0755Directory() {
        files.put("/srv/data/app", new FileOwner(0, 0, 0755, true, "254:2"));
        Mounts m = mounts(UID_1000, IDENTITY, IDENTITY);
        assertEquals("container runs as uid 1000; /data is 0:0 0755: writes will fail", at(m, "/data").hint());
        assertEquals(0, at(m, "/data").owner().uid());
    }

    @Test
    void aWorldWritableOrOwnedOrGroupWritableDirectoryGivesNoHint() {
        files.put("/srv/data/app", new FileOwner(0, 0, 0777, true, "254:2"));
        assertNull(at(mounts(UID_1000, IDENTITY, IDENTITY), "/data").hint());
        files.put("/srv/data/app", new FileOwner(1000, 0, 0700, true, "254:2"));
        assertNull(at(mounts(UID_1000, IDENTITY, IDENTITY), "/data").hint());
        files.put("/srv/data/app", new FileOwner(0, 1000, 0770, true, "254:2"));
        assertNull(at(mounts(UID_1000, IDENTITY, IDENTITY), "/data").hint());
    }

    @Test
    void aDirectoryWithoutSearchBitIsNotWritable() {
        files.put("/srv/data/app", new FileOwner(1000, 1000, 0600, true, "254:2"));
        assertEquals("container runs as uid 1000; /data is 1000:1000 0600: writes will fail",
                at(mounts(UID_1000, IDENTITY, IDENTITY), "/data").hint());
    }

    @Test
    void hostRootWritesEverywhereButReadOnlyAndDeletedAreSaid() {
        Credentials root = Credentials.parse("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        files.put("/srv/data/app", new FileOwner(1000, 1000, 0700, true, "254:2"));
        Mounts m = mounts(root, IDENTITY, IDENTITY);
        assertNull(at(m, "/data").hint());
        assertEquals("mounted read-only: writes will fail", at(m, "/etc/hosts").hint());
        assertTrue(at(m, "/gone").vanished());
        assertEquals("/tmp/gone", at(m, "/gone").hostSource());
        assertTrue(at(m, "/gone").hint().contains("deleted"));
    }

    @Test
    void rootInAUserNamespaceIsItsHostUid() {
        IdMap shifted = IdMap.parse("0 100000 65536\n");
        Credentials root = Credentials.parse("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        files.put("/srv/data/app", new FileOwner(0, 0, 0755, true, "254:2"));
        Mounts m = mounts(root, shifted, shifted);
        assertEquals(100000, m.user().hostUid());
        assertTrue(m.user().userNs());
        assertEquals("container runs as uid 0 (host uid 100000); /data is 0:0 0755: writes will fail",
                at(m, "/data").hint());
    }

    @Test
    void anUnmappedUidIsSaid() {
        IdMap shifted = IdMap.parse("0 100000 1\n");
        files.put("/srv/data/app", new FileOwner(0, 0, 0777, true, "254:2"));
        assertEquals(-1, mounts(UID_1000, shifted, shifted).user().hostUid());
        assertTrue(at(mounts(UID_1000, shifted, shifted), "/data").hint().contains("does not map"));
    }

    @Test
    void aHostPathNowOnAnotherDeviceIsNotTheSource() {
        files.put("/srv/data/app", new FileOwner(0, 0, 0755, true, "8:1"));
        Mounts.Mount d = at(mounts(UID_1000, IDENTITY, IDENTITY), "/data");
        assertNull(d.owner());
        assertNull(d.hint());
    }

    @Test
    void tenThousandMountsAreBounded() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            b.append(1000 + i).append(" 600 254:2 /data/").append(i).append(" /m").append(i)
                    .append(" rw - ext4 /dev/vdb rw\n");
        }
        Mounts m = Mounts.of(MountInfo.parse(b.toString()), HOST, UID_1000, IDENTITY, IDENTITY, p -> null);
        assertEquals(Mounts.MAX_MOUNTS, m.mounts().size());
        assertEquals(10_000 - Mounts.MAX_MOUNTS, m.omitted());
    }

    @Test
    void aGoneProcessHasNoUserAndNoHint() {
        files.put("/srv/data/app", new FileOwner(0, 0, 0755, true, "254:2"));
        Mounts m = mounts(null, null, null);
        assertNull(m.user());
        assertNull(at(m, "/data").hint());
    }

    @Test
    void aBindMountedFileGetsNoOwnershipHint() {
        files.put("/srv/data/app", new FileOwner(0, 0, 0644, false, "254:2"));
        assertNull(at(mounts(UID_1000, IDENTITY, IDENTITY), "/data").hint());
    }
}
