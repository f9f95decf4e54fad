package io.jtop.cli;

import io.jtop.testing.Busybox;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing of any container is readable in jtop's store but by root, while a container running as
 * another user inside still works; an unprivileged user is told what was denied and why. Its
 * containers are made as root in process; the unprivileged user (nobody) runs the packaged jar.
 */
class StorePermissionsIT {

    @TempDir
    Path dir;

    private final List<String> dockers = new ArrayList<>();

    @BeforeEach
    void openToAll() throws IOException {
        Host.requireRoot();
        Host.requireCommand("setpriv");
        Host.requireCommand("runc");
        Host.requireCommand("conmon");
        // The temp dir (and the jar Jtop.runAsNobody copies there) open to every user: only the
        // store's own modes may keep nobody out.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(0, jtop("image", "import", Busybox.rootfs(dir.resolve("rootfs")).toString(), "bb").exit());
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of("secret-db", "as-user")) {
            jtop("rm", "-f", name);
        }
        dockers.forEach(DockerFixture::remove);
    }

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(dir, args);
    }

    /** The packaged jtop as nobody, on this test's store. */
    private Jtop.Result nobody(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", dir.resolve("root").toString(),
                "--run-dir", dir.resolve("run").toString()));
        all.addAll(List.of(args));
        return Jtop.runAsNobody(dir, all.toArray(String[]::new));
    }

    /** A command as nobody: its exit code and what it printed on stdout. */
    private static String[] asNobody(String... argv) throws Exception {
        List<String> all = new ArrayList<>(Jtop.NOBODY);
        all.addAll(List.of(argv));
        Process p = new ProcessBuilder(all).redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void nobodyFindsNothingOfAnyContainerAndAContainerAsAnotherUserStillWorks() throws Exception {
        InProcess.Run db = jtop("run", "-d", "--name", "secret-db", "bb", "sh", "-c", "exec sleep 600",
                "mysql", "-uroot", "-pS3cret");
        assertEquals(0, db.exit(), db.err());
        String id = db.out().strip();
        // A container whose processes are not root's: its overlay, logs and exit code work as ever.
        InProcess.Run user = jtop("run", "--name", "as-user", "-u", "65534:65534", "bb", "sh", "-c",
                "id -u; echo kept > /tmp/x && cat /tmp/x && ls /bin/sh && echo S3cret-in-log; exit 3");
        assertEquals(3, user.exit(), user.err());
        assertEquals("65534\nkept\n/bin/sh\nS3cret-in-log\n", user.out());
        assertEquals("65534\nkept\n/bin/sh\nS3cret-in-log\n", jtop("logs", "as-user").out());
        assertTrue(jtop("ps", "-a", "-d", "0").out().contains("exited (3)"));

        Path root = dir.resolve("root");
        String[] grep = asNobody("grep", "-r", "-l", "S3cret", root.toString(), dir.resolve("run").toString());
        assertEquals("", grep[1], "nobody finds nothing");
        String[] find = asNobody("find", root.toString(), dir.resolve("run").toString());
        assertEquals(root + "\n" + dir.resolve("run") + "\n", find[1], "nobody sees nothing below them");

        for (Path p : List.of(root, root.resolve("containers"), root.resolve("containers").resolve(id),
                root.resolve("images"), root.resolve("layers"), root.resolve("snapshots"), dir.resolve("run"))) {
            assertEquals("rwx------", mode(p), p.toString());
        }
        for (Path p : List.of(root.resolve("containers.index"), root.resolve("containers").resolve(id).resolve("state.json"),
                root.resolve("containers").resolve(id).resolve("ctr.log"))) {
            assertEquals("rw-------", mode(p), p.toString());
        }
        Jtop.Result ps = nobody("ps", "-d", "0").assertOk();
        assertTrue(ps.out().contains(id.substring(0, 12)), "listed as the cgroup files show it: " + ps.out());
        assertFalse(ps.out().contains("secret-db"), ps.out());
        List<String> notices = ps.err().lines().filter(l -> l.contains("not root")).toList();
        assertEquals(1, notices.size(), ps.err());
        assertTrue(notices.get(0).contains("its store " + root + " is readable by root alone"), notices.get(0));

        Jtop.Result inspect = nobody("inspect", "secret-db", "-d", "0");
        assertEquals(1, inspect.exit());
        assertTrue(inspect.err().endsWith("jtop: no container matches 'secret-db' (jtop's own containers are named "
                + "only to root: its store " + root + " is readable by root alone)\n"), inspect.err());
        assertFalse(inspect.err().contains("jtop: jtop:"), inspect.err());
    }

    @Test
    void nobodyKillingADockerContainerIsToldItIsAnotherUsersNotAboutAnyRecord() {
        Host.requireDocker();
        String image = DockerFixture.image();
        String docker = DockerFixture.run("--network", "none", image, "sleep", "600");
        dockers.add(docker);
        assertEquals(0, jtop("run", "-d", "--name", "secret-db", "bb", "sleep", "600").exit()); // a record to trip on

        Jtop.Result kill = nobody("kill", docker.substring(0, 12));
        assertEquals(1, kill.exit());
        String last = kill.err().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("jtop: not permitted to signal process ")
                && last.endsWith(": it is another user's, and only root (or CAP_KILL) may signal it"), kill.err());
        assertFalse(kill.err().contains("state.json") || kill.err().contains("containers"), kill.err());
    }
}
