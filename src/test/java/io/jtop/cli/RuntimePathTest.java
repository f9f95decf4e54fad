package io.jtop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuntimePathTest {

    @TempDir
    Path tmp;

    /** conmon runs the runtime from the container's directory: a path relative to where jtop ran would miss. */
    @Test
    void aRuntimeGivenByARelativePathIsKeptAbsolute() throws Exception {
        Path runtime = Files.createFile(tmp.resolve("my-runtime"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String relative = Path.of("").toAbsolutePath().relativize(runtime).toString();
        assertEquals(runtime.toAbsolutePath(), RunCommand.runtimePath(relative));
    }
}
