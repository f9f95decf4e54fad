package io.jtop.backend.discovery;

import io.jtop.container.Runtime;
import io.jtop.linux.proc.KernelFiles;
import io.jtop.linux.proc.ProcFs;
import io.jtop.linux.proc.ProcStat;
import io.jtop.testing.Host;
import io.jtop.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The parsers of what names an LXC container's or an nspawn machine's image, on strings; and the
 * reader, on the LXC container {@code web1} of the v2 layout fixture with its config replaced.
 */
class HostImagesTest {

    private static final Path LAYOUT = Path.of("src/test/resources/fixtures/layouts/v2-systemd-mixed");

    @TempDir
    Path root;

    @BeforeEach
    void monitor() throws Exception {
        Trees.copy(LAYOUT.resolve("proc/2008"), Files.createDirectories(root.resolve("proc/2008")));
    }

    /** web1's image, its config at /var/lib/lxc/web1/config (where its monitor says) as each test leaves it. */
    private String web1Image() throws Exception {
        ProcStat init = ProcStat.parse(Files.readString(LAYOUT.resolve("proc/2007/stat")));
        try (KernelFiles files = new KernelFiles(8)) {
            return new HostImages(new ProcFs(root, files)).image(Runtime.LXC, "web1", init);
        }
    }

    @Test
    void aFifoInPlaceOfTheConfigIsNotReadAndTellsNoImage() throws Exception {
        Path config = Files.createDirectories(root.resolve("var/lib/lxc/web1")).resolve("config");
        Host.run("mkfifo", config.toString());
        assertNull(assertTimeoutPreemptively(Duration.ofSeconds(10), this::web1Image),
                "no writer would ever come: reading it would block discovery");
    }

    @Test
    void onlyTheHeadOfAHugeConfigIsRead() throws Exception {
        Path config = Files.createDirectories(root.resolve("var/lib/lxc/web1")).resolve("config");
        Files.writeString(config, "#\n".repeat(40_000)
                + "# Template used to create this container: /usr/share/lxc/templates/lxc-busybox\n");
        assertNull(web1Image(), "the template line lies past the first 64 KiB");
        Files.writeString(config, "# Template used to create this container: /usr/share/lxc/templates/lxc-busybox\n"
                + "#\n".repeat(40_000));
        assertEquals("busybox", web1Image());
    }

    @Test
    void noConfigWhereTheMonitorSaysTellsNoImage() throws Exception {
        assertNull(web1Image());
    }

    @Test
    void lxcPathIsBetweenTheMonitorsTagAndTheContainersName() {
        assertEquals("/var/lib/lxc", HostImages.lxcPath(List.of("[lxc monitor] /var/lib/lxc web1"), "web1"));
        assertEquals("/srv/my lxc", HostImages.lxcPath(List.of("[lxc monitor] /srv/my lxc web1"), "web1"),
                "a path with a space");
    }

    @Test
    void anyOtherProcessTellsNoLxcPath() {
        assertNull(HostImages.lxcPath(List.of("[lxc monitor] /var/lib/lxc web2"), "web1"), "another container's");
        assertNull(HostImages.lxcPath(List.of("/sbin/init"), "web1"));
        assertNull(HostImages.lxcPath(List.of("[lxc monitor]  web1"), "web1"), "no path");
        assertNull(HostImages.lxcPath(List.of("[lxc monitor] relative web1"), "web1"), "not absolute");
        assertNull(HostImages.lxcPath(List.of("[lxc monitor] /var/lib/lxc", "web1"), "web1"), "not one argument");
        assertNull(HostImages.lxcPath(List.of(), "web1"), "gone");
    }

    @Test
    void theTemplateLxcCreateRecordedIsTheImage() {
        assertEquals("busybox", HostImages.lxcTemplate(
                "# Template used to create this container: /usr/share/lxc/templates/lxc-busybox\n"
                        + "# Parameters passed to the template:\nlxc.uts.name = \"web1\"\n"));
        assertEquals("debian:bookworm", HostImages.lxcTemplate(
                "# Template used to create this container: /usr/share/lxc/templates/lxc-download\n"
                        + "# Parameters passed to the template: -d debian -r bookworm -a amd64\n"));
        assertEquals("alpine:3.18", HostImages.lxcTemplate(
                "# Template used to create this container: /usr/share/lxc/templates/lxc-download\n"
                        + "# Parameters passed to the template: --dist=alpine --release=3.18\n"));
        assertEquals("download", HostImages.lxcTemplate(
                "# Template used to create this container: /usr/share/lxc/templates/lxc-download\n"
                        + "# Parameters passed to the template: --server images.example\n"), "no dist: the template");
    }

    @Test
    void aConfigNamingNoTemplateTellsNoImage() {
        assertNull(HostImages.lxcTemplate("lxc.uts.name = web1\n"), "lxc-create without -t, or a config by hand");
        assertNull(HostImages.lxcTemplate("# Template used to create this container: /usr/share/lxc/templates/\n"));
        assertNull(HostImages.lxcTemplate(""));
        assertNull(HostImages.lxcTemplate(null));
    }

    @Test
    void nspawnsDirectoryOrImageInEveryOptionForm() {
        assertEquals("/m/a", HostImages.nspawnImage(List.of("systemd-nspawn", "-D", "/m/a", "/bin/sh")));
        assertEquals("/m/a", HostImages.nspawnImage(List.of("systemd-nspawn", "-q", "-D/m/a")));
        assertEquals("/m/a", HostImages.nspawnImage(List.of("systemd-nspawn", "--directory", "/m/a")));
        assertEquals("/m/a", HostImages.nspawnImage(List.of("systemd-nspawn", "-b", "--directory=/m/a")));
        assertEquals("/m/a.raw", HostImages.nspawnImage(List.of("systemd-nspawn", "--image=/m/a.raw")));
        assertEquals("/m/a.raw", HostImages.nspawnImage(List.of("systemd-nspawn", "-i", "/m/a.raw")));
    }

    @Test
    void anNspawnCommandLineWithoutEitherTellsNoImage() {
        assertNull(HostImages.nspawnImage(List.of("systemd-nspawn", "-M", "web")), "nspawn found it by machine name");
        assertNull(HostImages.nspawnImage(List.of("systemd-nspawn", "--", "/bin/sh", "-D", "/x")),
                "the command's arguments are not nspawn's");
        assertNull(HostImages.nspawnImage(List.of("systemd-nspawn", "--directory=")), "empty");
        assertNull(HostImages.nspawnImage(List.of("systemd-nspawn", "-D")), "no value");
        assertNull(HostImages.nspawnImage(List.of()), "gone");
    }
}
