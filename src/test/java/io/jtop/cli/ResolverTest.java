package io.jtop.cli;

import io.jtop.container.Lookup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jtop.container.Container;
import io.jtop.container.ContainerState;
import io.jtop.container.Runtime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolverTest {

    private static final Container WEB = container("abc1230000000000000000000000000000000000000000000000000000000001", "web", Runtime.DOCKER);
    private static final Container DB = container("abc4560000000000000000000000000000000000000000000000000000000002", "db", Runtime.PODMAN);
    private static final Container NAMELESS = container("def7890000000000000000000000000000000000000000000000000000000003", null, Runtime.CONTAINERD);
    private static final Container LXC = container("web1", "web1", Runtime.LXC);
    private static final List<Container> ALL = List.of(WEB, DB, NAMELESS, LXC);

    private static Container container(String id, String name, Runtime runtime) {
        return new Container(id, name, runtime, null, 100, ContainerState.RUNNING, "/docker/" + id, null, null, false);
    }

    private static String failure(List<Container> containers, String query) {
        return assertThrows(Lookup.NoMatch.class, () -> Resolver.resolve(containers, query)).getMessage();
    }

    @Test
    void exactId() {
        assertSame(DB, Resolver.resolve(ALL, DB.id()));
    }

    @Test
    void exactName() {
        assertSame(WEB, Resolver.resolve(ALL, "web"));
        assertSame(LXC, Resolver.resolve(ALL, "web1"));
    }

    @Test
    void uniqueIdPrefix() {
        assertSame(NAMELESS, Resolver.resolve(ALL, "d"));
        assertSame(DB, Resolver.resolve(ALL, "abc4"));
    }

    @Test
    void nameWinsOverAnIdPrefix() {
        Container named = container("ffff000000000000000000000000000000000000000000000000000000000004", "abc", Runtime.DOCKER);
        assertSame(named, Resolver.resolve(List.of(WEB, DB, named), "abc"));
    }

    @Test
    void unknown() {
        assertEquals("no container matches 'x'", failure(ALL, "x"));
        assertEquals("no container matches 'x'", failure(List.of(), "x"));
    }

    @Test
    void ambiguousPrefixListsEveryMatch() {
        assertEquals("""
                'abc' matches 2 containers:
                  abc123000000  web  docker
                  abc456000000  db  podman""", failure(ALL, "abc"));
    }

    @Test
    void ambiguousNameListsEveryMatchAndShowsADashForNoName() {
        Container twin = container("0123456789abcdef0000000000000000000000000000000000000000000000005", "web", Runtime.DOCKER);
        assertEquals("""
                'web' matches 2 containers:
                  abc123000000  web  docker
                  0123456789ab  web  docker""", failure(List.of(WEB, twin), "web"));
        assertEquals("""
                'd' matches 2 containers:
                  def789000000  -  containerd
                  d00000000000  -  docker""",
                failure(List.of(NAMELESS, container("d0000000000000000000000000000000000000000000000000000000000000006", null, Runtime.DOCKER)), "d"));
    }

    @Test
    void emptyOrNullQuery() {
        assertEquals("no container given", failure(ALL, ""));
        assertEquals("no container given", failure(ALL, null));
    }
}
