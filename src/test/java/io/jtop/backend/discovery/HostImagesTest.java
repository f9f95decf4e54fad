package io.jtop.backend.discovery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The parsers of what names an LXC container's or an nspawn machine's image, on strings. */
class HostImagesTest {

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
