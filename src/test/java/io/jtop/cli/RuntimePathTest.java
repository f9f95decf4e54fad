package io.jtop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code run --runtime} accepts: a name found in the system's directories, or an absolute path to an executable. */
class RuntimePathTest {

    @TempDir
    Path tmp;

    private Path executable(String name) throws Exception {
        return Files.createFile(tmp.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void anAbsolutePathToAnExecutableIsTaken() throws Exception {
        Path runtime = executable("my-runtime");
        assertEquals(runtime, RunCommand.runtimePath(runtime.toString()));
    }

    /** conmon runs the runtime from the container's directory, later calls from anywhere: a relative path is refused. */
    @Test
    void aRelativePathIsRefusedAsAUsageError() throws Exception {
        Path runtime = executable("my-runtime");
        String relative = Path.of("").toAbsolutePath().relativize(runtime).toString();
        for (String given : new String[] {relative, "./my-runtime", "bin/runc"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunCommand.runtimePath(given));
            assertInstanceOf(RunCommand.Malformed.class, e, given);
            assertEquals("--runtime " + given + ": give a runtime's name (runc, crun) or an absolute path", e.getMessage());
        }
    }

    @Test
    void aPathThroughDotDotIsRefused() throws Exception {
        Path runtime = executable("my-runtime");
        String through = tmp + "/../" + tmp.getFileName() + "/my-runtime";
        assertInstanceOf(RunCommand.Malformed.class,
                assertThrows(IllegalArgumentException.class, () -> RunCommand.runtimePath(through)));
        assertInstanceOf(RunCommand.Malformed.class, assertThrows(IllegalArgumentException.class,
                () -> RunCommand.runtimePath(runtime.getParent() + "//my-runtime")));
    }

    @Test
    void escapeSequencesAndControlCharactersAreNeverLookedUp() {
        for (String hostile : new String[] {"\u001b[31mcrun", "/usr/bin/crun\u001b]0;x\u0007", "crun\n", "", " crun",
                "crun;rm", "$(id)", "/usr/bin/c\u0000run"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunCommand.runtimePath(hostile));
            assertInstanceOf(RunCommand.Malformed.class, e, hostile);
        }
    }

    @Test
    void anUnknownNameSaysWhereItLooked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunCommand.runtimePath("no-such-runtime"));
        assertFalse(e instanceof RunCommand.Malformed);
        assertEquals("--runtime no-such-runtime: not installed in /usr/sbin, /usr/bin, /usr/local/sbin, /usr/local/bin, "
                + "/sbin, /bin", e.getMessage());
    }

    @Test
    void aFileThatIsNotExecutableOrNotAFileIsRefused() throws Exception {
        Path plain = Files.createFile(tmp.resolve("plain"));
        for (Path p : new Path[] {plain, tmp, tmp.resolve("missing")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RunCommand.runtimePath(p.toString()));
            assertFalse(e instanceof RunCommand.Malformed);
            assertEquals("--runtime " + p + ": not an executable file", e.getMessage());
        }
    }

    /** The file's name is the runtime's state root in the run directory: never one of jtop's own entries there. */
    @Test
    void aFileNamedAsJtopsOwnRunEntriesIsRefused() throws Exception {
        Path exits = executable("exits");
        assertInstanceOf(RunCommand.Malformed.class,
                assertThrows(IllegalArgumentException.class, () -> RunCommand.runtimePath(exits.toString())));
    }

    @Test
    void runcIsTheDefault() {
        if (Files.isExecutable(Path.of("/usr/sbin/runc"))) {
            assertEquals(Path.of("/usr/sbin/runc"), RunCommand.runtimePath(null));
        }
    }

    /** Refused before anything is made: one line, exit 2 for a malformed value, 1 for one that names nothing. */
    @Test
    void jtopRunSaysOneLineAndMakesNothing() {
        InProcess.Run usage = InProcess.jtopIn(tmp, "run", "--runtime", "../\u001b[2Jcrun", "img:1", "true");
        assertEquals(2, usage.exit(), usage.err());
        assertTrue(usage.err().startsWith("jtop: --runtime ../\\x1b[2Jcrun: give a runtime's name"), usage.err());
        assertFalse(usage.err().contains("\u001b"), usage.err());
        InProcess.Run unknown = InProcess.jtopIn(tmp, "run", "--runtime", "no-such-runtime", "img:1", "true");
        assertEquals(1, unknown.exit(), unknown.err());
        assertEquals("jtop: --runtime no-such-runtime: not installed in /usr/sbin, /usr/bin, /usr/local/sbin, "
                + "/usr/local/bin, /sbin, /bin", unknown.err().lines().findFirst().orElse(""));
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertFalse(Files.exists(tmp.resolve("root")), "nothing is made");
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is made");
    }
}
