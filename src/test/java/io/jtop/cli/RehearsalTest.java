package io.jtop.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/** The rehearsal names the real terminal's classes of jtop's own by string: each must still exist. */
class RehearsalTest {

    @Test
    void everyClassOfJtopItNamesExists() {
        for (String name : Rehearsal.REAL_TERMINAL_CLASSES) {
            if (name.startsWith("io.jtop.")) {
                assertDoesNotThrow(() -> Class.forName(name, false, getClass().getClassLoader()), name);
            }
        }
    }
}
