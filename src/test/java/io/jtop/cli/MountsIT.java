package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.Busybox;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mounts section of {@code inspect} on real containers: a bind-mounted directory the
 * container's user cannot write gets the hint, one it can write gets none, a read-only bind shows
 * ro. Docker's containers and jtop's own.
 */
class MountsIT {

    @TempDir
    Path tmp;

    private final List<String> created = new ArrayList<>();
    private final String prefix = "mounts-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";

    @AfterEach
    void removeCreated() {
        created.forEach(DockerFixture::remove);
    }

    private Path volume(String name, String mode) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    private String docker(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name", prefix + name));
        all.addAll(List.of(args));
        all.addAll(List.of(DockerFixture.image(), "sleep", "600"));
        String id = DockerFixture.run(all.toArray(String[]::new));
        created.add(id);
        return id;
    }

    private JsonNode mount(JsonNode inspect, String destination) {
        for (JsonNode m : inspect.path("mounts").path("mounts")) {
            if (m.path("destination").asText().equals(destination)) {
                return m;
            }
        }
        throw new AssertionError("no mount on " + destination + " in " + inspect.path("mounts"));
    }

    /** The exit status of {@code touch /data/x} inside the container. */
    private static String touch(String id) {
        return Host.run("docker", "exec", id, "sh", "-c", "touch /data/x 2>/dev/null; echo $?").strip();
    }

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @Test
    void dockerUser1000OnARootOwned0755VolumeIsToldWritesWillFail() throws Exception {
        Host.requireRoot();
        Host.requireDocker();
        Path dir = volume("data", "rwxr-xr-x");
        String id = docker("ro755", "--user", "1000", "-v", dir + ":/data", "-v", dir + ":/ro:ro");
        InProcess.Run r = jtop("inspect", "--json", id);
        assertEquals(0, r.exit(), r.err());
        JsonNode data = mount(r.json(), "/data");
        assertEquals(dir.toString(), data.path("source").asText());
        assertEquals("0755", data.path("mode").asText());
        assertEquals(0, data.path("owner_uid").asInt());
        assertEquals("container runs as uid 1000; /data is 0:0 0755: writes will fail", data.path("hint").asText());
        assertEquals(1000, r.json().path("mounts").path("user").path("uid").asInt());
        JsonNode ro = mount(r.json(), "/ro");
        assertTrue(ro.path("read_only").asBoolean());
        assertEquals("mounted read-only: writes will fail", ro.path("hint").asText());

        InProcess.Run text = jtop("inspect", id);
        assertTrue(text.out().contains("  ! /data: container runs as uid 1000; /data is 0:0 0755: writes will fail"),
                text.out());
        // The container agrees: its write is refused.
        assertEquals("1", touch(id));
    }

    @Test
    void dockerUser1000OnA0777VolumeGetsNoHint() throws Exception {
        Host.requireRoot();
        Host.requireDocker();
        Path dir = volume("open", "rwxrwxrwx");
        String id = docker("open777", "--user", "1000", "-v", dir + ":/data");
        InProcess.Run r = jtop("inspect", "--json", id);
        assertEquals(0, r.exit(), r.err());
        JsonNode data = mount(r.json(), "/data");
        assertEquals("0777", data.path("mode").asText());
        assertTrue(data.path("hint").isNull(), data.toString());
        assertEquals("rw", data.path("read_only").asBoolean() ? "ro" : "rw");
        assertEquals("0", touch(id));
    }

    @Test
    void jtopsOwnRuntimeBindMountIsShown() throws Exception {
        Host.requireRoot();
        Host.requireCommand("conmon");
        Path dir = volume("own", "rwxr-xr-x");
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
        InProcess.Run d = jtop("run", "-d", "--name", prefix + "own", "-u", "1000", "-v", dir + ":/data",
                "-v", dir + ":/ro:ro", "bb", "sleep", "600");
        assertEquals(0, d.exit(), d.err());
        try {
            InProcess.Run r = jtop("inspect", "--json", prefix + "own");
            assertEquals(0, r.exit(), r.err());
            JsonNode data = mount(r.json(), "/data");
            assertEquals(dir.toString(), data.path("source").asText());
            assertEquals("container runs as uid 1000; /data is 0:0 0755: writes will fail", data.path("hint").asText());
            assertTrue(mount(r.json(), "/ro").path("read_only").asBoolean());
        } finally {
            jtop("rm", "-f", prefix + "own");
        }
    }

    @Test
    void aSourceNamedWithSpaceAndBackslashThatVanishedIsSaid() throws Exception {
        Host.requireRoot();
        Host.requireDocker();
        Path dir = volume("my vol\\x", "rwxr-xr-x");
        String id = docker("gone", "-v", dir + ":/my data");
        InProcess.Run before = jtop("inspect", "--json", id);
        assertEquals(0, before.exit(), before.err());
        assertEquals(dir.toString(), mount(before.json(), "/my data").path("source").asText());

        Files.delete(dir);
        InProcess.Run r = jtop("inspect", "--json", id);
        assertEquals(0, r.exit(), r.err());
        JsonNode gone = mount(r.json(), "/my data");
        assertTrue(gone.path("source_deleted").asBoolean(), gone.toString());
        assertEquals(dir.toString(), gone.path("source").asText());
        assertTrue(gone.path("owner_uid").isNull());
        assertTrue(gone.path("hint").asText().contains("deleted on the host"), gone.toString());
        InProcess.Run text = jtop("inspect", id);
        assertTrue(text.out().contains("my vol\\\\x"), "the backslash escaped: " + text.out());
    }
}
