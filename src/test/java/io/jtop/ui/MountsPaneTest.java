package io.jtop.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtop.linux.mount.FileOwner;
import io.jtop.linux.mount.MountInfo;
import io.jtop.linux.proc.Credentials;
import io.jtop.linux.proc.IdMap;
import io.jtop.metrics.Mounts;
import io.jtop.ui.widget.Cells;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountsPaneTest {

    private static final List<MountInfo> HOST = MountInfo.parse("27 1 254:1 / / rw shared:1 - ext4 /dev/vda1 rw\n");
    private static final IdMap IDENTITY = IdMap.parse("0 0 4294967295\n");
    private static final Credentials UID_1000 = Credentials.parse("Uid:\t1000\t1000\t1000\t1000\nGid:\t0\t0\t0\t0\n");

    static Mounts sample() {
        return Mounts.of(MountInfo.parse("""
                600 500 0:99 / / rw master:9 - overlay overlay rw,lowerdir=/l,upperdir=/u
                601 600 0:100 / /proc rw - proc proc rw
                603 600 254:1 /srv/data /data rw - ext4 /dev/vda1 rw
                604 600 254:1 /srv/data /ro ro - ext4 /dev/vda1 rw
                605 600 254:1 /srv/x\\033[31my /evil\\012line\\040\\033]0;t\\007 rw - ext4 /dev/vda1 rw
                """), HOST, UID_1000, IDENTITY, IDENTITY,
                p -> p.equals("/srv/data") ? new FileOwner(0, 0, 0755, true, "254:1") : null);
    }

    @Test
    void eachMountIsOneLineWithItsHintBelow() {
        List<String> lines = MountsPane.lines(sample());
        assertEquals("Runs as uid 1000 gid 0", lines.get(0));
        assertTrue(lines.get(4).startsWith("! /data "), lines.get(4));
        assertTrue(lines.get(4).contains("0:0 0755") && lines.get(4).endsWith("/srv/data"), lines.get(4));
        assertEquals("    container runs as uid 1000; /data is 0:0 0755: writes will fail", lines.get(5));
        assertTrue(lines.get(6).contains(" ro "), lines.get(6));
        assertEquals("    mounted read-only: writes will fail", lines.get(7));
    }

    @Test
    void hostileMountPointsStayOnOneEscapedLine() throws Exception {
        List<String> lines = MountsPane.lines(sample());
        assertEquals(9, lines.size(), String.join("\n", lines));
        String drawn = DetailViewTest.screen(200, 40, DetailView.Pane.MOUNTS);
        assertTrue(drawn.contains("/evil\u2424line \\x1b]0;t\\x07"), drawn);
        assertFalse(drawn.contains("\u001b") || drawn.contains("\u0007"), drawn);
    }

    /** The columns after a mount point are where the header says, however long its escaped form is. */
    @Test
    void columnsStayAlignedAfterAnEscapedMountPoint() {
        List<String> lines = MountsPane.lines(sample());
        String header = lines.get(1);
        for (String line : lines.subList(2, lines.size())) {
            if (line.startsWith("    ")) {
                continue; // a hint
            }
            String shown = Cells.clean(line);
            for (String column : List.of("RO", "TYPE", "PROPAGATION")) {
                int at = header.indexOf(" " + column + " ") + 1;
                assertTrue(shown.charAt(at - 1) == ' ' && shown.charAt(at) != ' ',
                        column + " at column " + at + ":\n" + header + "\n" + shown);
            }
        }
    }

    @Test
    void noProcessSaysSo() {
        assertEquals(List.of("(no process to read mounts from, or reading…)"), MountsPane.lines(null));
    }
}
