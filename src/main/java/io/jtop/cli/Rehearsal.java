package io.jtop.cli;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.DefaultKeyDecodingProfile;
import com.googlecode.lanterna.input.InputDecoder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.jtop.ui.App;
import io.jtop.ui.Sources;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.StringReader;
import java.util.List;

/**
 * The start-up archive's training run ({@code jtop --rehearse}, after {@code jtop ps}): the
 * full-screen UI driven for a few seconds in a virtual terminal, so that the classes of a real
 * session's first frames are archived (AppCDS). A packaging concern: the UI knows nothing of it.
 * It acts on nothing: the UI runs read-only.
 */
final class Rehearsal {

    /**
     * The keys and the pauses (in ms) between them: main screen, detail view and its panes, help,
     * logs, a dialog, a filter, then quit.
     */
    private static final Object[] KEYS = {KeyType.Enter, 1200, KeyType.Tab, 300, KeyType.Tab, 300, KeyType.Tab,
        300, KeyType.Escape, 200, '?', 200, KeyType.Escape, 200, 'l', 600, KeyType.Escape, 200, 'd',
        400, KeyType.Escape, 300, '/', 'x', KeyType.Escape, 200, 'q'};
    /** How long the UI shows its first frames before the first key. */
    private static final long FIRST_KEY_MILLIS = 1500;
    /**
     * Classes only a real terminal's set-up loads (found with -Xlog:class+load): each one not in the
     * archive would have the jar opened before the first frame. jtop's own are named by string, as
     * they are the UI's own; {@code RehearsalTest} checks that each still exists.
     */
    static final List<String> REAL_TERMINAL_CLASSES = List.of("io.jtop.ui.JtopTerminal",
            "io.jtop.ui.JtopTerminal$KeyGate", "io.jtop.ui.JtopTerminal$KeyGate$State",
            App.TerminalAhead.class.getName(),
            "com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal$CtrlCBehaviour",
            "com.googlecode.lanterna.input.ScreenInfoCharacterPattern$1",
            "com.googlecode.lanterna.terminal.ansi.ANSITerminal$1",
            "com.googlecode.lanterna.terminal.MouseCaptureMode", "com.googlecode.lanterna.input.MouseActionType");

    private Rehearsal() {
    }

    /** Drives the UI over these sources in a virtual terminal until it quits, then the real terminal's few extras. */
    static void run(Sources sources, App.Options options) throws Exception {
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        Thread keys = new Thread(() -> {
            try {
                pause(FIRST_KEY_MILLIS);
                for (Object k : KEYS) {
                    if (k instanceof Integer ms) {
                        pause(ms);
                    } else {
                        vt.addInput(k instanceof Character c ? new KeyStroke(c, false, false) : new KeyStroke((KeyType) k));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jtop-rehearsal");
        keys.setDaemon(true);
        keys.start();
        App.Options readonly = new App.Options(options.theme(), options.config(), options.interval(), true,
                options.all());
        App.run(() -> sources, readonly, () -> vt);
        rehearseTheRealTerminal();
    }

    /**
     * What a real terminal runs before the first frame and the virtual one does not, so that its
     * classes are in the archive too (a class loaded from the jar is read and verified, where an
     * archived one is mapped): Lanterna's stty children, its SIGWINCH handler and the key decoder
     * (the terminal check is the caller's, and runs in the rehearsal too).
     */
    private static void rehearseTheRealTerminal() throws Exception {
        new ProcessBuilder("/bin/true").redirectErrorStream(true).start().waitFor();
        Signal winch = new Signal("WINCH");
        SignalHandler before = Signal.handle(winch, s -> { });
        Signal.handle(winch, before);
        var decoder = new InputDecoder(new StringReader(
                "q\u001b[A\u001b[B\u001b[5~\u001b[6~\u001b[H\u001b[F\u001bOP\u001b[1;5C\u001b[24;80R\u001bx\u0003\r\t"));
        decoder.addProfile(new DefaultKeyDecodingProfile());
        for (KeyStroke k; (k = decoder.getNextCharacter(false)) != null && k.getKeyType() != KeyType.EOF; ) {
            // decoded and dropped
        }
        for (String name : REAL_TERMINAL_CLASSES) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                // another Lanterna: that class is loaded from the jar then, which only costs time
            }
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
