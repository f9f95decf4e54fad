package io.jtop.ui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextImage;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ActionListBox;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.ComboBox;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.GridLayout;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import io.jtop.container.RunRequest;
import io.jtop.ui.theme.Theme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Modal dialogs (Lanterna gui2) over the frozen main screen: confirms, menus, one-line questions
 * and the start form. Each call blocks the UI thread until the dialog closes, which is what a
 * modal dialog means; the sampler keeps ticking and its frames wait in the UI's queue.
 */
final class Dialogs {

    private final Screen screen;
    private final Theme theme;
    private final Runnable closed;
    /** What the terminal shows: the still background of a dialog. */
    private final Supplier<TextImage> picture;

    private static final long POLL_MILLIS = 20;

    /** @param closed runs when a dialog has closed: what it covered must be drawn again */
    Dialogs(Screen screen, Theme theme, Supplier<TextImage> picture, Runnable closed) {
        this.picture = picture;
        this.screen = screen;
        this.theme = theme;
        this.closed = closed;
    }

    /** Yes / No; true only for Yes. No has the focus, so a stray Enter does nothing harmful. */
    boolean confirm(String title, String text) {
        boolean[] yes = new boolean[1];
        BasicWindow w = window(title);
        Panel p = new Panel(new GridLayout(1));
        p.addComponent(new Label(text));
        p.addComponent(new EmptySpace());
        Panel buttons = new Panel(new GridLayout(2));
        Button no = new Button("No", w::close);
        buttons.addComponent(no);
        buttons.addComponent(new Button("Yes", () -> {
            yes[0] = true;
            w.close();
        }));
        p.addComponent(buttons, GridLayout.createHorizontallyEndAlignedLayoutData(1));
        w.setComponent(p);
        w.setFocusedInteractable(no);
        modal(w);
        return yes[0];
    }

    /** A message with OK. */
    void tell(String title, String text) {
        BasicWindow w = window(title);
        Panel p = new Panel(new GridLayout(1));
        p.addComponent(new Label(text));
        p.addComponent(new Button("OK", w::close), GridLayout.createHorizontallyEndAlignedLayoutData(1));
        w.setComponent(p);
        modal(w);
    }

    /** One of the items, or null when cancelled (Esc). */
    <T> T choose(String title, String text, List<T> items) {
        List<T> picked = new ArrayList<>(1);
        BasicWindow w = window(title);
        Panel p = new Panel(new GridLayout(1));
        p.addComponent(new Label(text));
        ActionListBox list = new ActionListBox();
        for (T item : items) {
            list.addItem(String.valueOf(item), () -> {
                picked.add(item);
                w.close();
            });
        }
        p.addComponent(list);
        w.setComponent(p);
        modal(w);
        return picked.isEmpty() ? null : picked.get(0);
    }

    /**
     * A line of text, or null when cancelled; {@code check} returns an error for the user, or null
     * when the text is acceptable (the dialog stays open until it is, or Esc).
     */
    String ask(String title, String text, String initial, Function<String, String> check) {
        String[] answer = new String[1];
        BasicWindow w = window(title);
        Panel p = new Panel(new GridLayout(1));
        p.addComponent(new Label(text));
        Runnable[] ok = new Runnable[1];
        // Enter in the box answers (a TextBox would move the focus on to the buttons instead).
        TextBox box = new TextBox(new TerminalSize(40, 1), initial) {
            @Override
            public synchronized Result handleKeyStroke(KeyStroke key) {
                if (key.getKeyType() == KeyType.Enter) {
                    ok[0].run();
                    return Result.HANDLED;
                }
                return super.handleKeyStroke(key);
            }
        };
        p.addComponent(box);
        Label error = new Label("");
        p.addComponent(error);
        ok[0] = () -> {
            String problem = check.apply(box.getText());
            if (problem == null) {
                answer[0] = box.getText();
                w.close();
            } else {
                error.setText(problem);
            }
        };
        Panel buttons = new Panel(new GridLayout(2));
        buttons.addComponent(new Button("Cancel", w::close));
        buttons.addComponent(new Button("OK", () -> ok[0].run()));
        p.addComponent(buttons, GridLayout.createHorizontallyEndAlignedLayoutData(1));
        w.setComponent(p);
        w.setFocusedInteractable(box);
        modal(w);
        return answer[0];
    }

    /** A centred window that Esc closes. */
    private static BasicWindow window(String title) {
        BasicWindow w = new BasicWindow(title);
        w.setHints(Set.of(Window.Hint.CENTERED, Window.Hint.MODAL));
        w.addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onUnhandledInput(Window window, KeyStroke key, AtomicBoolean handled) {
                if (key.getKeyType() == KeyType.Escape) {
                    w.close();
                    handled.set(true);
                }
            }
        });
        return w;
    }

    /**
     * Shows a window until it closes. Lanterna's own wait polls every millisecond (2 % of a core
     * while a dialog is open); this one sleeps between keys like the main loop.
     */
    private void modal(BasicWindow w) {
        MultiWindowTextGUI gui = gui();
        gui.addWindow(w);
        try {
            while (gui.getWindows().contains(w)) {
                if (!gui.getGUIThread().processEventsAndUpdate()) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.close();
        } finally {
            closed.run();
        }
    }

    /** The start form of jtop's runtime; null when cancelled. Field errors are shown and the form stays. */
    RunRequest startForm(List<String> images) {
        BasicWindow w = window("Start a container (jtop runtime)");
        Panel p = new Panel(new GridLayout(2));
        ComboBox<String> image = new ComboBox<>(images);
        image.setReadOnly(false);
        image.setPreferredSize(new TerminalSize(30, 1));
        TextBox name = field("");
        TextBox command = field("");
        TextBox memory = field("");
        TextBox cpus = field("");
        TextBox pids = field("");
        p.addComponent(new Label("Image"));
        p.addComponent(image);
        p.addComponent(new Label("Name"));
        p.addComponent(name);
        p.addComponent(new Label("Command"));
        p.addComponent(command);
        p.addComponent(new Label("Memory (e.g. 64m)"));
        p.addComponent(memory);
        p.addComponent(new Label("CPUs (e.g. 0.5)"));
        p.addComponent(cpus);
        p.addComponent(new Label("Pids limit"));
        p.addComponent(pids);
        Label error = new Label("");
        p.addComponent(error, GridLayout.createHorizontallyFilledLayoutData(2));
        RunRequest[] result = new RunRequest[1];
        Panel buttons = new Panel(new GridLayout(2));
        buttons.addComponent(new Button("Cancel", w::close));
        buttons.addComponent(new Button("Start", () -> {
            try {
                result[0] = StartForm.parse(image.getText(), name.getText(), command.getText(), memory.getText(),
                        cpus.getText(), pids.getText());
                w.close();
            } catch (IllegalArgumentException e) {
                error.setText(e.getMessage());
            }
        }));
        p.addComponent(buttons, GridLayout.createHorizontallyEndAlignedLayoutData(2));
        w.setComponent(p);
        modal(w);
        return result[0];
    }

    private static TextBox field(String initial) {
        return new TextBox(new TerminalSize(30, 1), initial);
    }

    /** A window system over a still picture of the screen as it was when the dialog opened. */
    private MultiWindowTextGUI gui() {
        TextImage still = picture.get();
        // Lanterna's screen writes only what differs from what it last wrote, which is not what the
        // terminal shows now (the main loop writes to it directly): make the two agree first.
        screen.newTextGraphics().drawImage(TerminalPosition.TOP_LEFT_CORNER, still);
        try {
            screen.refresh(Screen.RefreshType.COMPLETE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultiWindowTextGUI gui = new MultiWindowTextGUI(screen, new DefaultWindowManager(), new Frozen(still));
        gui.setTheme(theme.lanterna());
        return gui;
    }

    /** The background of a dialog: the main screen as it was. */
    private static final class Frozen extends AbstractComponent<Frozen> {
        private final TextImage image;

        Frozen(TextImage image) {
            this.image = image;
        }

        @Override
        protected ComponentRenderer<Frozen> createDefaultRenderer() {
            return new ComponentRenderer<>() {
                @Override
                public TerminalSize getPreferredSize(Frozen component) {
                    return image.getSize();
                }

                @Override
                public void drawComponent(TextGUIGraphics g, Frozen component) {
                    g.drawImage(TerminalPosition.TOP_LEFT_CORNER, image);
                }
            };
        }
    }

    /** The start form's fields, parsed; pure so it is tested without a screen. */
    static final class StartForm {
        private StartForm() {
        }

        static RunRequest parse(String image, String name, String command, String memory, String cpus, String pids) {
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("choose an image");
            }
            Long mem;
            try {
                mem = Format.parseBytes(memory);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("memory " + e.getMessage());
            }
            Double c = null;
            if (cpus != null && !cpus.isBlank()) {
                try {
                    c = Double.parseDouble(cpus.trim());
                } catch (NumberFormatException e) {
                    c = Double.NaN;
                }
                if (!(c > 0) || c > 1024) {
                    throw new IllegalArgumentException("CPUs is a positive number such as 0.5, not '" + cpus + "'");
                }
            }
            Long p = null;
            if (pids != null && !pids.isBlank()) {
                try {
                    p = Long.parseLong(pids.trim());
                } catch (NumberFormatException e) {
                    p = -1L;
                }
                if (p <= 0) {
                    throw new IllegalArgumentException("pids limit is a positive whole number, not '" + pids + "'");
                }
            }
            String n = name == null || name.isBlank() ? null : name.trim();
            if (n != null && !n.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("a name has letters, digits, '_', '.' and '-', not '" + name + "'");
            }
            return new RunRequest(image.trim(), n, words(command), mem, c, p);
        }

        /** Splits a command line on blanks, keeping 'single' and "double" quoted parts together. */
        static List<String> words(String line) {
            List<String> out = new ArrayList<>();
            if (line == null) {
                return out;
            }
            StringBuilder cur = new StringBuilder();
            boolean in = false;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    } else {
                        cur.append(ch);
                    }
                } else if (ch == '\'' || ch == '"') {
                    quote = ch;
                    in = true;
                } else if (Character.isWhitespace(ch)) {
                    if (in) {
                        out.add(cur.toString());
                        cur.setLength(0);
                        in = false;
                    }
                } else {
                    cur.append(ch);
                    in = true;
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("the command has an unclosed " + quote);
            }
            if (in) {
                out.add(cur.toString());
            }
            return out;
        }
    }
}
