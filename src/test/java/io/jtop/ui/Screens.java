package io.jtop.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Renders a view into Lanterna's virtual terminal and compares the characters with a golden file
 * under src/test/resources/golden. Run with {@code -Djtop.golden.update=true} to rewrite the files
 * after a deliberate change, then review the diff.
 */
final class Screens {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private Screens() {
    }

    /** A drawn screen: the virtual terminal, for looking at single cells and their colours. */
    static DefaultVirtualTerminal render(int w, int h, BiConsumer<TextGraphics, TerminalSize> draw) {
        try {
            DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(w, h));
            TerminalScreen screen = new TerminalScreen(vt);
            screen.startScreen();
            draw.accept(screen.newTextGraphics(), screen.getTerminalSize());
            screen.refresh();
            return vt;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The characters of the screen, one line per row, trailing blanks cut. */
    static String text(DefaultVirtualTerminal vt) {
        TerminalSize size = vt.getTerminalSize();
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < size.getRows(); y++) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < size.getColumns(); x++) {
                TextCharacter c = vt.getCharacter(x, y);
                line.append(c == null ? " " : c.getCharacterString());
                if (c != null && c.isDoubleWidth()) {
                    x++;
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    static void assertGolden(String name, DefaultVirtualTerminal vt) {
        assertGolden(name, vt, null);
    }

    /** Compares {@code text} (or, when null, the screen's text) with the golden file. */
    static void assertGolden(String name, DefaultVirtualTerminal vt, String text) {
        String actual = text != null ? text : text(vt);
        Path file = GOLDEN.resolve(name + ".txt");
        try {
            if (Boolean.getBoolean("jtop.golden.update") || !Files.exists(file)) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                if (!Boolean.getBoolean("jtop.golden.update")) {
                    throw new AssertionError(file + " did not exist; written now: review and commit it");
                }
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "screen differs from " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
