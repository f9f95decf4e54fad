package io.jtop.cli;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.List;
import java.util.Locale;

/**
 * A command line that does not parse, told in jtop's words: what was typed wrong, in one line,
 * without the parser's terms ({@code Unmatched argument at index 1}, {@code is not a double}).
 * Every usage error goes through here ({@link Main}'s parameter exception handler); the messages
 * jtop's commands write themselves pass unchanged.
 */
final class UsageErrors {

    /**
     * A command's own commands are listed when there are this few. The root's are left to --help:
     * it registers only the subcommand a line names, so it cannot tell them all.
     */
    private static final int LISTED = 8;

    private UsageErrors() {
    }

    static String describe(ParameterException ex) {
        CommandLine c = ex.getCommandLine();
        String command = c.getCommandSpec().qualifiedName();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (u.isUnknownOption()) {
                return "unknown option '" + arg + "' for '" + command + "'";
            }
            if (!c.getSubcommands().isEmpty() && c.getCommandSpec().positionalParameters().isEmpty()) {
                List<String> names = List.copyOf(c.getSubcommands().keySet());
                return "'" + arg + "' is not a " + command + " command"
                        + (c.getParent() != null && names.size() <= LISTED
                                ? " (its commands: " + String.join(", ", names) + ")" : "");
            }
            return "unexpected argument '" + arg + "' for '" + command + "'";
        }
        if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec a = m.getMissing().get(0);
            return a instanceof OptionSpec o ? "option '" + o.longestName() + "' needs a value (" + o.paramLabel() + ")"
                    : "'" + command + "' needs " + a.paramLabel();
        }
        if (ex instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
            return "option '" + spec.longestName() + "' is given more than once";
        }
        if (ex.getCause() instanceof TypeConversionException && ex.getArgSpec() != null) {
            ArgSpec a = ex.getArgSpec();
            String what = a instanceof OptionSpec o ? "option '" + o.longestName() + "'" : a.paramLabel();
            return "invalid value '" + ex.getValue() + "' for " + what + ": " + expected(a.type());
        }
        String message = ex.getMessage() == null ? "invalid command line" : ex.getMessage();
        return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }

    /** What a value of this type looks like. */
    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "not a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "not a number";
        }
        if (type.isEnum()) {
            StringBuilder b = new StringBuilder("not one of ");
            Object[] values = type.getEnumConstants();
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ", ").append(values[i].toString().toLowerCase(Locale.ROOT));
            }
            return b.toString();
        }
        return "not a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
