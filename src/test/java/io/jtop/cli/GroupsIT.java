package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jtop.container.Membership;
import io.jtop.testing.Busybox;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.EngineCli;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import io.jtop.testing.Tmux;
import io.jtop.ui.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groups in the real jar's full-screen UI, in tmux, against real containers: two Docker containers
 * of one Compose project (the labels docker compose sets) and one of jtop's runtime. {@code g}
 * shows the project's line with its members' summed pids and memory, {@code -} / {@code +}
 * collapse and expand it, grouping by runtime puts jtop's container beside Docker's, and a kill on
 * the project's line asks once, listing both, and ends both. And {@code ps --group pod} of a
 * Podman pod.
 */
class GroupsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final String tag = UUID.randomUUID().toString().substring(0, 5);
    private final String project = "p" + tag;
    private final String web = project + "-web-1";
    private final String db = project + "-db-1";
    private final String ours = "j" + tag;
    private final List<String> docker = new ArrayList<>();

    private InProcess.Run jtop(String... args) {
        return InProcess.jtopIn(tmp, args);
    }

    @BeforeEach
    void containers() {
        Host.requireRoot();
        Host.requireDocker();
        Host.requireCommand("conmon");
        Host.requireCommand("tmux");
        String image = DockerFixture.image();
        for (String name : List.of(web, db)) {
            String service = name.equals(web) ? "web" : "db";
            // Two processes under the shell: three pids each, so the project's line sums to 6.
            docker.add(DockerFixture.run("--name", name, "--label", Membership.COMPOSE_PROJECT + "=" + project,
                    "--label", Membership.COMPOSE_SERVICE + "=" + service, "--label",
                    Membership.COMPOSE_NUMBER + "=1", image, "sh", "-c", "sleep 100000 & sleep 100000 & wait"));
        }
        assertEquals(0, jtop("image", "import", Busybox.rootfs(tmp.resolve("rootfs")).toString(), "bb").exit());
        InProcess.Run r = jtop("run", "-d", "--name", ours, "bb", "sleep", "100000");
        assertEquals(0, r.exit(), r.err());
    }

    @AfterEach
    void removeThem() {
        docker.forEach(DockerFixture::remove);
        jtop("rm", "-f", ours);
    }

    private JsonNode row(String name) throws Exception {
        for (JsonNode c : JSON.readTree(jtop("ps", "-a", "--json", "-d", "0").out())) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    /** The screen's line that holds this text, or "". */
    private static String line(String screen, String text) {
        for (String l : screen.split("\n")) {
            if (l.contains(text)) {
                return l;
            }
        }
        return "";
    }

    /** Clears the filter and opens it again, empty (Escape alone: ESC and a key at once read as Alt+key). */
    private static void refilter(Tmux t) {
        t.sendKeys("/");
        t.awaitText("Filter: ", WAIT);
        t.sendKeys("Escape");
        t.awaitText(s -> !s.contains("filter: "), WAIT);
        t.sendKeys("/");
        t.awaitText("Filter: ", WAIT);
    }

    @Test
    void groupCollapseExpandRuntimeAndKillTheProject() throws Exception {
        try (Tmux t = Jtop.screen(tmp, 220, 48)) {
            t.awaitText(s -> s.contains(web) && s.contains(db) && s.contains(ours), WAIT);
            t.sendKeys("/");
            t.awaitText("Filter: ", WAIT);
            t.sendText(project);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains("filter: " + project) && !s.contains(ours), WAIT);

            t.sendKeys("g");
            String header = project + " (compose, 2)";
            String grouped = t.awaitText(s -> s.contains("by pod") && s.contains("▾ " + header), WAIT);
            assertTrue(grouped.contains(" ├ ") && grouped.contains(" └ "), grouped);
            // The project's line: the members' pids summed (3 each) and their memory summed, as jtop ps reads them.
            String project6 = t.awaitText(s -> line(s, header).matches(".*running\\s+-\\s+\\S+\\s+\\S+\\s+-\\s+6\\s.*"),
                    WAIT);
            assertTrue(line(project6, header).startsWith("  "), "no id on a group's line: " + line(project6, header));
            long deadline = System.nanoTime() + WAIT.toNanos();
            String memory;
            String shown;
            do {
                memory = Format.bytes(row(web).path("memory_working_set_bytes").asLong()
                        + row(db).path("memory_working_set_bytes").asLong());
                shown = line(t.capture(), header);
            } while (!shown.contains(" " + memory + " ") && System.nanoTime() < deadline);
            assertTrue(shown.contains(" " + memory + " "), "memory " + memory + " summed in: " + shown);

            t.sendKeys("Home", "-");
            String collapsed = t.awaitText(s -> s.contains("▸ " + header), WAIT);
            assertFalse(collapsed.contains(web) || collapsed.contains(db), collapsed);
            t.sendKeys("+");
            t.awaitText(s -> s.contains("▾ " + header) && s.contains(web) && s.contains(db), WAIT);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains("▸ " + header), WAIT);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains("▾ " + header) && s.contains(web), WAIT);

            // By runtime, jtop's own container beside Docker's.
            refilter(t);
            t.sendText(tag);
            t.sendKeys("Enter");
            t.sendKeys("g");
            // Other containers of jtop's on the host count in the group but are filtered out: "(1 of N)".
            String runtimes = t.awaitText(s -> s.contains("by runtime") && s.contains("▾ docker (2")
                    && (s.contains("▾ jtop (1)") || s.contains("▾ jtop (1 of ")) && s.contains(ours), WAIT);
            assertTrue(runtimes.contains(web) && runtimes.contains(db), runtimes);
            t.sendKeys("g", "g", "g"); // image, none, pod
            t.awaitText(s -> s.contains("by pod") && s.contains("▾ " + header) && s.contains(ours), WAIT);

            // One kill on the project's line: one confirmation that names both; both end.
            refilter(t);
            t.sendText(project);
            t.sendKeys("Enter");
            t.awaitText(s -> s.contains("filter: " + project) && !s.contains(ours), WAIT);
            t.sendKeys("Home", "k");
            t.awaitText("Send to 2 containers of compose " + project, WAIT);
            t.sendKeys("Enter"); // KILL
            String confirm = t.awaitText("SIGKILL 2 containers of " + project + "?", WAIT);
            assertTrue(confirm.contains(web) && confirm.contains(db), confirm);
            t.sendKeys("Tab", "Enter");
            t.awaitText("sent SIGKILL to 2 of 2", WAIT);
            for (String id : docker) {
                long end = System.nanoTime() + WAIT.toNanos();
                while (DockerFixture.inspect(id).path("State").path("Running").asBoolean() && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                assertEquals(137, DockerFixture.inspect(id).path("State").path("ExitCode").asInt(), id);
            }
            assertEquals("running", row(ours).path("state").asText(), "only the project's containers were hit");
            t.sendKeys("q");
            assertEquals(0, t.awaitExit(WAIT));
        }
    }

    /** A Podman pod's members, as the Podman backend names their pod, grouped by ps: one group, its pids summed. */
    @Test
    void psGroupsAPodmanPod() throws Exception {
        EngineCli.PODMAN.require();
        String image = EngineCli.PODMAN.image();
        String pod = "g16pod" + tag;
        Host.run("podman", "pod", "create", "--infra=false", "--name", pod);
        try {
            for (String n : List.of("a", "b")) {
                Host.run("podman", "--runtime", "runc", "run", "-d", "--label", EngineCli.LABEL, "--pod", pod,
                        "--name", pod + "-" + n, "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                        "--network", "none", image, "sh", "-c", "sleep 100000 & wait");
            }
            JsonNode group = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (group == null && System.nanoTime() < deadline) {
                InProcess.Run r = jtop("ps", "--group", "pod", "--json", "-d", "0");
                assertEquals(0, r.exit(), r.err());
                for (JsonNode g : r.json().get("groups")) {
                    if (g.path("name").asText().equals(pod) && g.path("member_count").asInt() == 2) {
                        group = g;
                    }
                }
            }
            assertTrue(group != null, "no group " + pod + " of 2 in jtop ps --group pod");
            assertEquals("pod", group.get("kind").asText());
            assertEquals(pod, group.get("pod").asText());
            long pids = 0;
            for (JsonNode m : group.get("members")) {
                assertTrue(m.get("name").asText().startsWith(pod + "-"), m.toString());
                pids += m.get("pids_current").asLong();
            }
            if (group.get("figures_from").asText().equals("members")) {
                assertEquals(pids, group.get("pids_current").asLong());
            } else {
                assertTrue(group.get("pids_current").asLong() >= pids, group.toString());
            }
        } finally {
            Host.run("podman", "pod", "rm", "-f", "-t", "0", pod);
        }
    }
}
