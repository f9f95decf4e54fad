package io.jtop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code -d} measuring window of one-shot commands: rates and CPU % need two samples. */
final class Window {

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS", defaultValue = "0.5",
            description = "CPU %% and rates are measured over this window (default: ${DEFAULT-VALUE}).")
    double seconds;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** The window in milliseconds, after checking it is sane (else a usage error, exit 2). */
    long millis() {
        if (!(seconds >= 0 && seconds <= 60)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--delay must be between 0 and 60 seconds, not " + seconds);
        }
        return Math.round(seconds * 1000);
    }
}
