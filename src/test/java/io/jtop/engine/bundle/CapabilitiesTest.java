package io.jtop.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** --cap-add and --cap-drop as Docker applies them. */
class CapabilitiesTest {
    private static final long ALL = (1L << 41) - 1;

    @Test
    void namesWithOrWithoutThePrefixInAnyCase() {
        assertEquals("CAP_SYS_ADMIN", Capabilities.normalize("sys_admin"));
        assertEquals("CAP_SYS_ADMIN", Capabilities.normalize("CAP_SYS_ADMIN"));
        assertEquals("CAP_NET_RAW", Capabilities.normalize(" Cap_Net_Raw "));
        assertEquals("ALL", Capabilities.normalize("all"));
        assertEquals("unknown capability \"CAP_FOO\"",
                assertThrows(IllegalArgumentException.class, () -> Capabilities.normalize("foo")).getMessage());
        assertEquals("unknown capability \"CAP_??2J\"",
                assertThrows(IllegalArgumentException.class, () -> Capabilities.normalize("\u001b[2J")).getMessage());
    }

    @Test
    void addAndDropChangeTheDefaultSet() {
        List<String> caps = Capabilities.of(List.of("CAP_SYS_ADMIN", "CAP_CHOWN"), List.of("CAP_NET_RAW", "CAP_MKNOD"),
                false, ALL);
        List<String> expected = new ArrayList<>(Capabilities.DEFAULT);
        expected.removeAll(List.of("CAP_NET_RAW", "CAP_MKNOD"));
        expected.add("CAP_SYS_ADMIN");
        assertEquals(expected, caps, "the default set, less the dropped, plus the added, each once");
    }

    @Test
    void allOnEitherSide() {
        assertEquals(List.of("CAP_CHOWN"), Capabilities.of(List.of("CAP_CHOWN"), List.of("ALL"), false, ALL));
        List<String> allButOne = Capabilities.of(List.of("ALL"), List.of("CAP_SYS_ADMIN"), false, ALL);
        assertEquals(40, allButOne.size());
        assertFalse(allButOne.contains("CAP_SYS_ADMIN"));
        assertEquals(List.of(), Capabilities.of(List.of(), List.of("ALL"), false, ALL));
    }

    @Test
    void privilegedHasEverythingAvailableWhateverWasAddedOrDropped() {
        long withoutSysResource = ALL & ~(1L << 24);
        List<String> caps = Capabilities.of(List.of(), List.of("ALL"), true, withoutSysResource);
        assertEquals(40, caps.size());
        assertFalse(caps.contains("CAP_SYS_RESOURCE"));
        assertEquals("CAP_CHECKPOINT_RESTORE", caps.get(39));
    }

    @Test
    void onlyWhatIsAvailableIsGiven() {
        long withoutNetRaw = ALL & ~(1L << 13);
        assertFalse(Capabilities.of(List.of(), List.of(), false, withoutNetRaw).contains("CAP_NET_RAW"));
        String e = assertThrows(IllegalArgumentException.class,
                () -> Capabilities.of(List.of("CAP_NET_RAW"), List.of(), false, withoutNetRaw)).getMessage();
        assertEquals("--cap-add: CAP_NET_RAW is not available: the kernel lacks it, or jtop itself does not hold it", e);
        // A kernel older than 5.8 has no CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE.
        long oldKernel = (1L << 38) - 1;
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Capabilities.of(List.of("CAP_BPF"), List.of(), false, oldKernel)).getMessage().contains("CAP_BPF"));
        assertEquals(List.of(), Capabilities.of(List.of(), List.of("CAP_BPF", "ALL"), false, oldKernel),
                "dropping what is not there is no error");
    }
}
