package io.jtop.ui;

import io.jtop.container.RunRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StartFormTest {

    @Test
    void fieldsBecomeARequest() {
        RunRequest r = Dialogs.StartForm.parse("bb", "web", "sh -c 'echo hi; sleep 5'", "64m", "0.5", "50");
        assertEquals(new RunRequest("bb", "web", List.of("sh", "-c", "echo hi; sleep 5"), 64L << 20, 0.5, 50L), r);
        assertEquals(new RunRequest("bb", null, List.of(), null, null, null), Dialogs.StartForm.parse("bb", " ", "", "", "", ""));
    }

    @Test
    void badFieldsSayWhich() {
        assertEquals("choose an image", assertThrows(IllegalArgumentException.class,
                () -> Dialogs.StartForm.parse("", "", "", "", "", "")).getMessage());
        assertEquals("memory takes a size such as 64m or 1g, not 'lots'", assertThrows(IllegalArgumentException.class,
                () -> Dialogs.StartForm.parse("bb", "", "", "lots", "", "")).getMessage());
        assertEquals("CPUs is a positive number such as 0.5, not '-1'", assertThrows(IllegalArgumentException.class,
                () -> Dialogs.StartForm.parse("bb", "", "", "", "-1", "")).getMessage());
        assertEquals("pids limit is a positive whole number, not '1.5'", assertThrows(IllegalArgumentException.class,
                () -> Dialogs.StartForm.parse("bb", "", "", "", "", "1.5")).getMessage());
        assertEquals("a name has letters, digits, '_', '.' and '-', not 'a b'", assertThrows(IllegalArgumentException.class,
                () -> Dialogs.StartForm.parse("bb", "a b", "", "", "", "")).getMessage());
        assertEquals("the command has an unclosed '", assertThrows(IllegalArgumentException.class,
                () -> Dialogs.StartForm.parse("bb", "", "echo 'x", "", "", "")).getMessage());
    }
}
