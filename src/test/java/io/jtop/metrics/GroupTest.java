package io.jtop.metrics;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Details;
import io.jtop.container.Membership;
import io.jtop.container.Runtime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GroupTest {

    private static Snapshot.Row row(String id, String name, Membership m) {
        Container c = new Container(id, name, Runtime.CONTAINERD, "busybox", 100, ContainerState.RUNNING,
                "/kubepods/burstable/podu1/" + id, null, null, false,
                new Details(Map.of(), null, null, null, null, m));
        return new Snapshot.Row(c, null);
    }

    private static Group onlyGroup(List<Snapshot.Row> rows) {
        List<Group> groups = new ArrayList<>(Groups.of(Grouping.POD, rows, Map.of()).groups());
        assertEquals(1, groups.size());
        return groups.get(0);
    }

    @Test
    void aKubernetesMemberIsItsContainerNameUnderItsPodsLine() {
        Membership app = Membership.kubernetes("production", "checkout-7d9f", "u1", "burstable",
                "/kubepods/burstable/podu1", false, "payments-api");
        Membership pause = Membership.kubernetes("production", "checkout-7d9f", "u1", "burstable",
                "/kubepods/burstable/podu1", true, null);
        Snapshot.Row a = row("a".repeat(64), "production/checkout-7d9f/payments-api", app);
        Snapshot.Row s = row("b".repeat(64), "production/checkout-7d9f", pause);
        Group g = onlyGroup(List.of(a, s));
        assertEquals("production/checkout-7d9f", g.name());
        assertEquals("payments-api", g.memberName(a.container()));
        assertEquals("(sandbox)", g.memberName(s.container()));
    }

    @Test
    void aComposeMemberKeepsTheNameDockerKnows() {
        Membership web = Membership.compose("shop", "web", 1);
        Snapshot.Row r = row("c".repeat(64), "shop-web-1", web);
        assertEquals("shop-web-1", onlyGroup(List.of(r)).memberName(r.container()));
    }

    @Test
    void aMemberWithoutANameIsItsShortId() {
        Membership web = Membership.compose("shop", "web", 1);
        Snapshot.Row r = row("d".repeat(64), null, web);
        assertEquals("d".repeat(12), onlyGroup(List.of(r)).memberName(r.container()));
    }
}
