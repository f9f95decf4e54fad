package io.jtop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jtop.testing.DockerFixture;
import io.jtop.testing.Host;
import io.jtop.testing.Jtop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jtop where PID 1's namespace links cannot be read: run in a {@code --network none} container's
 * network namespace with the capabilities Docker gives a container and no more. It may read that
 * container's links (their capabilities are a subset of its own) but not PID 1's (which holds
 * every one, and jtop lacks CAP_SYS_PTRACE). The container's network namespace is jtop's own, not
 * the host's: its sharing with the host is unknown, or read from kthreadd's links, never "net".
 */
class HostNamespaceUnreadableIT {

    /** Docker's default capabilities (moby's oci/caps/defaults.go), as setpriv names them. */
    private static final String DOCKER_CAPS = "-all,+chown,+dac_override,+fsetid,+fowner,+mknod,+net_raw,+setgid,"
            + "+setuid,+setfcap,+setpcap,+net_bind_service,+sys_chroot,+kill,+audit_write";

    @TempDir
    Path dir;

    private String container;

    @AfterEach
    void cleanUp() {
        if (container != null) {
            DockerFixture.remove(container);
        }
    }

    @Test
    void aContainerInJtopsOwnNetworkNamespaceIsNotTakenForTheHosts() {
        Host.requireRoot();
        Host.requireCommand("nsenter");
        Host.requireCommand("setpriv");
        String image = DockerFixture.image();
        container = DockerFixture.run("--name", "jtop-hostns-it-" + ProcessHandle.current().pid(), "--network", "none",
                image, "sleep", "600");
        String pid = DockerFixture.inspect(container).path("State").path("Pid").asText();
        List<String> prefix = List.of("nsenter", "-t", pid, "-n", "setpriv", "--bounding-set=" + DOCKER_CAPS,
                "--inh-caps=-all", "--", "env", "JTOP_ROOT=" + dir.resolve("root"), "JTOP_RUN=" + dir.resolve("run"));
        // the premise: in there, PID 1's link cannot be read, the container's can
        Host.run("nsenter", "-t", pid, "-n", "setpriv", "--bounding-set=" + DOCKER_CAPS, "--inh-caps=-all", "--",
                "readlink", "/proc/" + pid + "/ns/net");
        assertTrue(Host.run("sh", "-c", "nsenter -t " + pid + " -n setpriv --bounding-set=" + DOCKER_CAPS
                + " --inh-caps=-all -- readlink /proc/1/ns/net || echo unreadable").contains("unreadable"));

        JsonNode row = null;
        for (JsonNode r : Jtop.runAs(prefix, "ps", "--json").assertOk().json()) {
            if (r.get("id").asText().equals(container)) {
                row = r;
            }
        }
        assertTrue(row != null, container + " is not in ps --json");
        // unknown, or read from kthreadd's links (the kernel's threads live in the host's namespaces): never "net"
        JsonNode shared = row.get("host_namespaces");
        assertTrue(shared.isNull() || !shared.toString().contains("\"net\""), "not the host's: " + shared);
    }
}
