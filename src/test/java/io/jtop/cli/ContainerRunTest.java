package io.jtop.cli;

import io.jtop.engine.bundle.RunOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ContainerRunTest {

    @Test
    void plainRunLinesAreParsedWithoutPicocli() {
        assertEquals(new ContainerRun.Plain(null, false, false, "bb", List.of()),
                ContainerRun.plain(new String[] {"run", "bb"}));
        assertEquals(new ContainerRun.Plain("web", true, false, "bb", List.of("sh", "-c", "exit 4")),
                ContainerRun.plain(new String[] {"run", "--rm", "--name", "web", "bb", "sh", "-c", "exit 4"}));
        assertEquals(new ContainerRun.Plain(null, false, true, "bb:1", List.of("--rm", "-d")),
                ContainerRun.plain(new String[] {"run", "-d", "bb:1", "--rm", "-d"}), "after the image: the command's");
        assertEquals(new ContainerRun.Plain(null, false, true, "bb", List.of()),
                ContainerRun.plain(new String[] {"run", "--detach", "bb"}));
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        for (String[] args : new String[][] {
            {"run"}, {"run", "--rm"}, {"logs", "bb"}, {"run", "--help", "bb"}, {"run", "-it", "bb"},
            {"run", "--rm", "--rm", "bb"}, {"run", "-d", "--detach", "bb"}, {"run", "--name", "a", "--name", "b", "bb"},
            {"run", "--name"}, {"run", "--name", "-d", "bb"}, {"run", "--name=web", "bb"}, {"run", "--", "bb"},
            {"run", "--memory", "64m", "bb"}, {"run", "-e", "A=1", "bb"}}) {
            assertNull(ContainerRun.plain(args), String.join(" ", args));
        }
    }

    @Test
    void aPlainLinesOptionsArePicocliesForTheSameLine() {
        for (String[] args : new String[][] {
            {"run", "bb"}, {"run", "--rm", "--name", "web", "bb", "sh", "-c", "exit 4"}, {"run", "-d", "bb", "-x"}}) {
            ContainerRun.Plain plain = ContainerRun.plain(args);
            assertNotNull(plain, String.join(" ", args));
            RunCommand run = new RunCommand();
            new CommandLine(run).setStopAtPositional(true).parseArgs(List.of(args).subList(1, args.length)
                    .toArray(String[]::new));
            RunOptions picocli = run.options();
            assertEquals(picocli, ContainerRun.options(plain), String.join(" ", args));
            assertEquals(run.image, plain.image());
            assertEquals(run.remove, plain.remove());
            assertEquals(run.detach, plain.detach());
            assertEquals("runc", run.runtime, "the plain line's runtime is the default");
        }
    }
}
