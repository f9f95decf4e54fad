package io.jtop.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command line registers only the subcommand it names ({@link Main#subcommandsFor}); what it
 * prints and how it exits are the same as with every subcommand registered. Only command lines
 * that end in help, a version or an error here: the others would act on the host.
 */
class LazySubcommandsTest {

    private static final String FIXTURE = "src/test/resources/fixtures/cgroup-v2-debian12-6.1";

    private static InProcess.Run run(String[] args, Collection<Class<?>> subcommands) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), subcommands);
        return new InProcess.Run(code, out.toString(), err.toString());
    }

    @Test
    void helpVersionAndErrorsAreTheSameAsWithEverySubcommand() {
        for (String[] args : List.of(
                new String[] {"--help"}, new String[] {"-h"}, new String[] {"-V"}, new String[] {"--version"},
                new String[] {"-h", "ps"}, new String[] {"ps", "--help"}, new String[] {"ps", "-h"},
                new String[] {"run", "--help"}, new String[] {"image", "--help"}, new String[] {"image", "bogus"},
                new String[] {"image", "import", "--help"}, new String[] {"logs", "-h"}, new String[] {"exec", "--help"},
                new String[] {"pss"}, new String[] {"--bogus"}, new String[] {"--bogus", "ps"},
                new String[] {"ps", "--bogus"}, new String[] {"ps", "-d", "abc"}, new String[] {"ps", "top"},
                new String[] {"top", "-d", "1"}, new String[] {"inspect"}, new String[] {"--theme", "ps"},
                new String[] {"--theme"}, new String[] {"-d"}, new String[] {"--", "ps"}, new String[] {"stop"},
                new String[] {"kill", "-s"}, new String[] {"--host-root", FIXTURE, "-ah", "ps"},
                new String[] {"--host-root", FIXTURE, "inspect", "ps"})) {
            InProcess.Run all = run(args, Main.SUBCOMMANDS.values());
            InProcess.Run some = run(args, Main.subcommandsFor(args));
            String what = String.join(" ", args);
            assertEquals(all.exit(), some.exit(), what);
            assertEquals(all.out(), some.out(), what);
            assertEquals(all.err(), some.err(), what);
            assertTrue(all.exit() != 0 || !all.out().isEmpty(), what + " ended in help, a version or an error");
        }
    }

    @Test
    void aPlainPsLineSkipsPicocliAndAnythingElseDoesNot() {
        assertEquals(new PsCommand.Plain(false, false, 500), PsCommand.plain(new String[] {"ps"}), "-d's default, 0.5 s");
        assertEquals(new PsCommand.Plain(true, true, 0), PsCommand.plain(new String[] {"ps", "--json", "-a", "-d", "0"}));
        assertEquals(new PsCommand.Plain(true, false, 1250), PsCommand.plain(new String[] {"ps", "--delay", "1.25", "--all"}));
        for (String[] other : List.of(new String[] {}, new String[] {"top"}, new String[] {"-a", "ps"},
                new String[] {"ps", "-h"}, new String[] {"ps", "--help"}, new String[] {"ps", "-a", "-a"},
                new String[] {"ps", "-d"}, new String[] {"ps", "-d", "abc"}, new String[] {"ps", "-d", "-1"},
                new String[] {"ps", "-d", "61"}, new String[] {"ps", "-d", "1e1"}, new String[] {"ps", "-d0"},
                new String[] {"ps", "--delay=1"}, new String[] {"ps", "-d", "1", "-d", "2"}, new String[] {"ps", "-aj"},
                new String[] {"ps", "--json", "--json"}, new String[] {"ps", "x"}, new String[] {"ps", "--bogus"})) {
            assertEquals(null, PsCommand.plain(other), String.join(" ", other));
        }
    }

    @Test
    void theNamesAreThoseOfTheCommands() {
        Main.SUBCOMMANDS.forEach((name, c) ->
                assertEquals(name, c.getAnnotation(picocli.CommandLine.Command.class).name(), c.getName()));
    }

    @Test
    void oneSubcommandIsRegisteredWhenTheLineNamesOne() {
        assertEquals(List.of(PsCommand.class), List.copyOf(Main.subcommandsFor(new String[] {"-a", "ps", "--json"})));
        assertEquals(List.of(InspectCommand.class), List.copyOf(Main.subcommandsFor(new String[] {"inspect", "ps"})));
        assertEquals(Main.SUBCOMMANDS.size(), Main.subcommandsFor(new String[] {}).size());
        assertEquals(Main.SUBCOMMANDS.size(), Main.subcommandsFor(new String[] {"--help", "ps"}).size(), "jtop's help lists them all");
        assertEquals(Main.SUBCOMMANDS.size(), Main.subcommandsFor(new String[] {"-aV", "ps"}).size());
        assertEquals(Main.SUBCOMMANDS.size(), Main.subcommandsFor(new String[] {"nothing"}).size());
    }
}
