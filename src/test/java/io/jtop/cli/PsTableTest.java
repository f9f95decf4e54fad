package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import io.jtop.metrics.Snapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ps}'s table on a fixed clock: IMAGE, and how long ago an exited container exited. */
class PsTableTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant STARTED = NOW.minusSeconds(3 * 3600);

    @Test
    void imageAndExitedAgeLikeDockerPs() {
        Container web = new Container("a".repeat(64), "web-frontend-1", Runtime.DOCKER, "nginx:1.27", 4242,
                ContainerState.RUNNING, "/docker/aaa", STARTED, null, false);
        Container job = new Container("b".repeat(64), "batch-job", Runtime.DOCKER, "busybox:latest", 0,
                ContainerState.EXITED, null, STARTED, 137, false).withFinishedAt(NOW.minusSeconds(5 * 60));
        Container old = new Container("c".repeat(64), "no-exit-time", Runtime.JTOP, null, 0,
                ContainerState.EXITED, null, STARTED, 0, false);
        String out = Views.psTable(List.of(new Snapshot.Row(web, null), new Snapshot.Row(job, null),
                new Snapshot.Row(old, null)), NOW).render();
        assertEquals("""
                CONTAINER ID  NAME            IMAGE           RUNTIME  STATE                        PID     UP  CPU%  MEM  LIMIT  MEM%  PIDS  FLAGS  CGROUP
                aaaaaaaaaaaa  web-frontend-1  nginx:1.27      docker   running                     4242  3h00m     -    -      -     -     -  -      /docker/aaa
                bbbbbbbbbbbb  batch-job       busybox:latest  docker   exited (137) 5 minutes ago     -      -     -    -      -     -     -  -      -
                cccccccccccc  no-exit-time    -               jtop     exited (0)                     -      -     -    -      -     -     -  -      -
                """, out);
    }

    @Test
    void aLongNameIsShortenedInTheMiddleKeepingItsContainer() {
        String k8s = "kube-system/" + "coredns-5d78c9869d-8x2kq".repeat(5) + "/coredns";
        assertEquals(140, k8s.length());
        Container c = new Container("d".repeat(64), k8s, Runtime.CONTAINERD, "registry.k8s.io/coredns/coredns:v1.10.1",
                7, ContainerState.RUNNING, "/kubepods/x", STARTED, null, false);
        String line = Views.psTable(List.of(new Snapshot.Row(c, null)), NOW).render().split("\n")[1];
        assertEquals("dddddddddddd  kube-system/coredns-5d78c9869d-8x2kqcoredns-5d78c9869d-8x2kqcoredns-5d78c9869d-8x2kqcor…/coredns  "
                + "registry.k8s.io/coredns/coredns:v1.10.1  containerd  running  7  3h00m  -  -  -  -  -  -  /kubepods/x",
                line.replaceAll(" {2,}", "  "));
    }
}
