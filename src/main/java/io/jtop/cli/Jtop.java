package io.jtop.cli;

import java.io.PrintWriter;

/**
 * The entry point. {@code jtop} alone goes straight to the full-screen UI ({@link Screen}); any
 * argument goes to {@link Main}, picocli's command line. Neither this class's methods nor
 * {@link Screen} name a picocli type: picocli's classes are of a class-file version the start-up
 * archive cannot hold, so loading one opens the jar and reads its index, which nothing else needs
 * before the first frame. The JVM's launcher loads the types in a main class's method
 * signatures, and {@link Main}'s name picocli's: as the main class it would have the jar opened
 * before {@code main} runs.
 */
public final class Jtop {

    private Jtop() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Host.exitsAfterCommand = true;
            System.exit(Screen.main(new PrintWriter(System.err, true)));
        }
        Main.main(args);
    }
}
