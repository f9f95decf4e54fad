package io.jtop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command line that does not parse gets one line in jtop's words and the usage hint, exit 2;
 * none of picocli's own terms reach the user.
 */
class UsageErrorsTest {

    private static final List<String> PARSER_WORDS = List.of("Unmatched", "index", "double", " int", "Missing required",
            "Invalid value", "Unknown option", "should be specified only once", "Exception", "picocli");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            image ls            | 'ls' is not a jtop image command (its commands: import, inspect, rm) | jtop image
            bogus               | 'bogus' is not a jtop command                                        | jtop
            ps --bogus          | unknown option '--bogus' for 'jtop ps'                               | jtop ps
            --bogus             | unknown option '--bogus' for 'jtop'                                  | jtop
            ps extra            | unexpected argument 'extra' for 'jtop ps'                            | jtop ps
            ps -d               | option '--delay' needs a value (SECONDS)                             | jtop ps
            ps -d abc           | invalid value 'abc' for option '--delay': not a number               | jtop ps
            top -b -n x         | invalid value 'x' for option '--iterations': not a whole number      | jtop top
            ps -a -a            | option '--all' is given more than once                               | jtop ps
            logs                | 'jtop logs' needs CONTAINER                                          | jtop logs
            image               | say what to do: import, inspect or rm                                | jtop image
            """)
    void oneClearLineAndTheUsageHint(String args, String message, String command) {
        InProcess.Run r = InProcess.jtop(args.split(" "));
        assertEquals(2, r.exit());
        assertEquals("jtop: " + message + "\nTry '" + command + " --help' for more information.\n",
                r.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", r.out());
        for (String word : PARSER_WORDS) {
            assertFalse(r.err().contains(word), word + " in: " + r.err());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ps \u001B[2J
            image \u001B]0;x\u0007
            """)
    void whatWasTypedIsEscaped(String args) {
        InProcess.Run r = InProcess.jtop(args.split(" "));
        assertEquals(2, r.exit());
        assertFalse(r.err().contains("\u001B"), r.err());
    }
}
