package io.jtop.linux.cgroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesListTest {

    @Test
    void dockersDefaultListAllowsNotEverything() {
        List<String> rules = DevicesList.parse("c 1:5 rwm\nc 1:3 rwm\nc *:* m\nb *:* m\nc 136:* rwm\n");
        assertEquals(5, rules.size());
        assertFalse(DevicesList.allowsAll(rules));
    }

    @Test
    void privilegedAllowsEveryDevice() {
        assertTrue(DevicesList.allowsAll(DevicesList.parse("a *:* rwm\n")));
    }

    @Test
    void garbageIsSkippedAndRulesAreBounded() {
        assertEquals(List.of("c 1:3 rwm"), DevicesList.parse("c 1:3 rwm\n\u001b[2J\nz 1:1 r\nc 1:1 rwx\n"));
        assertEquals(DevicesList.MAX_RULES, DevicesList.parse("c 1:3 rwm\n".repeat(5000)).size());
    }

    @Test
    void missingFileIsNull(@TempDir Path dir) throws Exception {
        assertNull(DevicesList.read(dir));
        assertNull(DevicesList.read(null));
        Files.writeString(dir.resolve("devices.list"), "a *:* rwm\n");
        assertEquals(List.of("a *:* rwm"), DevicesList.read(dir));
    }
}
