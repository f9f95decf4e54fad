package io.jtop.container;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MembershipTest {

    @Test
    void composeLabelsTellProjectServiceAndNumber() {
        Membership m = Membership.composeLabels(Map.of(
                "com.docker.compose.project", "shop",
                "com.docker.compose.service", "web",
                "com.docker.compose.container-number", "2"));
        assertEquals(Membership.Kind.COMPOSE, m.kind());
        assertEquals("shop", m.group());
        assertEquals("shop", m.project());
        assertEquals("web", m.service());
        assertEquals(2, m.number());
        assertNull(m.pod());
    }

    @Test
    void noProjectLabelIsNoMembership() {
        assertNull(Membership.composeLabels(Map.of("com.docker.compose.service", "web")));
        assertNull(Membership.composeLabels(Map.of("com.docker.compose.project", "")));
        assertNull(Membership.composeLabels(null));
    }

    @Test
    void aHostileNumberIsDroppedNotParsed() {
        Membership m = Membership.composeLabels(Map.of(
                "com.docker.compose.project", "p",
                "com.docker.compose.container-number", "99999999999999999999"));
        assertNull(m.number());
    }

    @Test
    void engineDetailsCarryTheComposeProjectOfTheirLabels() {
        Details d = new Details(Map.of("com.docker.compose.project", "shop"), null, null, Instant.EPOCH);
        assertEquals("shop", d.membership().project());
        assertNull(new Details(Map.of(), null, null, Instant.EPOCH).membership());
    }

    @Test
    void kubernetesGroupIsNamespaceSlashPod() {
        Membership m = Membership.kubernetes("default", "web", "uid-1", "burstable", "/kubepods/burstable/poduid-1",
                false, "nginx");
        assertEquals("default/web", m.group());
        assertNull(m.service());
        assertEquals("nginx", m.member());
    }
}
