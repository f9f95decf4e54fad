package io.jtop.ui;

import io.jtop.container.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FlagTest {

    @Test
    void rootIsRootTrueOfMostContainersComesLast() {
        Sample s = Sample.builder().oomKills(2L).memoryWorkingSetBytes(95L).memoryLimitBytes(100L).pidsCurrent(1L)
                .pidsLimit(10L).securityFlags(List.of("root-root", "sock", "caps")).build();
        assertEquals(List.of(Flag.CAPS, Flag.ENGINE_SOCKET, Flag.OOM_KILLED, Flag.MEMORY_NEAR_LIMIT, Flag.ROOT_IS_ROOT),
                Flag.of(s));
    }
}
