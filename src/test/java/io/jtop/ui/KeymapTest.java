package io.jtop.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeymapTest {

    private static KeyStroke ch(char c) {
        return new KeyStroke(c, false, false);
    }

    @Test
    void defaultsFollowTopAndHtop() {
        Keymap k = Keymap.defaults();
        assertEquals(Action.KILL, k.action(ch('k')));
        assertEquals(Action.KILL, k.action(new KeyStroke(KeyType.F9)));
        assertEquals(Action.DOWN, k.action(ch('j')));
        assertEquals(Action.UP, k.action(new KeyStroke(KeyType.ArrowUp)));
        assertEquals(Action.HELP, k.action(ch('?')));
        assertEquals(Action.HELP, k.action(new KeyStroke(KeyType.F1)));
        assertEquals(Action.FILTER, k.action(ch('/')));
        assertEquals(Action.SORT_MENU, k.action(new KeyStroke(KeyType.F6)));
        assertEquals(Action.SORT_PREVIOUS, k.action(ch('<')));
        assertEquals(Action.SORT_NEXT, k.action(ch('>')));
        assertEquals(Action.SORT_REVERSE, k.action(ch('I')));
        assertEquals(Action.SHOW_ALL, k.action(ch('a')));
        assertEquals(Action.DETAIL, k.action(new KeyStroke(KeyType.Enter)));
        assertEquals(Action.START, k.action(ch('s')));
        assertEquals(Action.STOP, k.action(ch('S')));
        assertEquals(Action.PAUSE, k.action(ch('p')));
        assertEquals(Action.RESTART, k.action(ch('r')));
        assertEquals(Action.REMOVE, k.action(ch('R')));
        assertEquals(Action.REMOVE, k.action(new KeyStroke(KeyType.Delete)));
        assertEquals(Action.SHELL, k.action(ch('e')));
        assertEquals(Action.LOGS, k.action(ch('l')));
        assertEquals(Action.QUIT, k.action(ch('q')));
        assertEquals(Action.QUIT, k.action(new KeyStroke(KeyType.F10)));
        assertEquals(Action.QUIT, k.action(new KeyStroke('c', true, false)));
        assertEquals(Action.INTERVAL, k.action(ch('d')));
        assertNull(k.action(ch('z')));
    }

    @Test
    void noDefaultKeyIsBoundTwice() {
        Set<String> seen = new HashSet<>();
        for (Action a : Action.values()) {
            for (String key : Keymap.defaults().keys(a)) {
                assertTrue(seen.add(key), key + " bound twice");
            }
        }
    }

    @Test
    void remappingReplacesAnActionsKeys() {
        Keymap k = Keymap.with(Map.of(Action.KILL, List.of("F9", "x"), Action.UP, List.of("Up", "k")));
        assertEquals(Action.UP, k.action(ch('k')));
        assertEquals(Action.KILL, k.action(ch('x')));
        assertEquals("F9/x", k.describe(Action.KILL));
    }

    @Test
    void aKeyOnTwoActionsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Keymap.with(Map.of(Action.UP, List.of("k"))));
        assertTrue(e.getMessage().contains("key k is bound to both"), e.getMessage());
    }

    @Test
    void keyNames() {
        assertEquals("PgUp", KeyNames.canonical("pageup"));
        assertEquals("Esc", KeyNames.canonical("ESCAPE"));
        assertEquals("F9", KeyNames.canonical("f9"));
        assertEquals("C-x", KeyNames.canonical("Ctrl-X"));
        assertEquals("M-Enter", KeyNames.canonical("alt-enter"));
        assertEquals("K", KeyNames.canonical("K"));
        assertThrows(IllegalArgumentException.class, () -> KeyNames.canonical("Hyper"));
        assertEquals("M-x", KeyNames.of(new KeyStroke('x', false, true)));
        assertEquals("Space", KeyNames.of(ch(' ')));
        assertNull(KeyNames.of(new KeyStroke(KeyType.CursorLocation)));
    }
}
