package io.jtop.linux.mount;

import io.jtop.linux.mount.EngineSocketFiles.SocketFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineSocketFilesTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    private static ServerSocketChannel listen(Path at) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(at));
        return s;
    }

    @Test
    void onlyRealSocketsBelowTheRootCountEachOnce() throws IOException {
        Path run = Files.createDirectory(root.resolve("run"));
        Files.createDirectories(root.resolve("var"));
        Files.createSymbolicLink(root.resolve("var/run"), Path.of("../run")); // /var/run -> ../run, as Debian has it
        Files.createFile(Files.createDirectory(run.resolve("podman")).resolve("podman.sock")); // a file, not a socket
        // A link that leads out of the root: the socket there is not this host's.
        Files.createSymbolicLink(run.resolve("crio"), outside);
        try (ServerSocketChannel docker = listen(run.resolve("docker.sock"));
             ServerSocketChannel crio = listen(outside.resolve("crio.sock"))) {
            List<SocketFile> found = EngineSocketFiles.present(root);
            String device = FileOwner.of(run.resolve("docker.sock")).device();
            assertEquals(List.of(new SocketFile("/run/docker.sock", device)), found);
        }
        assertEquals(List.of(), EngineSocketFiles.present(root.resolve("gone")));
    }
}
