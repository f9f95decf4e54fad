package io.jtop.linux.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayOptionsTest {

    @Test
    void dockerOverlay2() {
        assertEquals(new OverlayOptions(List.of("/a/l/X", "/a/l/Y"), "/a/u/diff", "/a/u/work"),
                OverlayOptions.parse("rw,lowerdir=/a/l/X:/a/l/Y,upperdir=/a/u/diff,workdir=/a/u/work,index=off"));
    }

    @Test
    void escapedColonAndCommaStayInsideAPath() {
        assertEquals(new OverlayOptions(List.of("/a/l/X:1", "/a/l/Y"), "/u,v", "/w"),
                OverlayOptions.parse("rw,lowerdir=/a/l/X\\:1:/a/l/Y,upperdir=/u\\,v,workdir=/w"));
    }

    @Test
    void lowerdirPlusFormOfKernel68() {
        assertEquals(new OverlayOptions(List.of("/l1", "/l2", "/l3"), "/u", "/w"),
                OverlayOptions.parse("rw,lowerdir+=/l1,lowerdir+=/l2,lowerdir+=/l3,upperdir=/u,workdir=/w,uuid=on"));
    }

    @Test
    void readOnlyOverlayHasNoUpperOrWorkDir() {
        assertEquals(new OverlayOptions(List.of("/l1", "/l2"), null, null),
                OverlayOptions.parse("ro,lowerdir=/l1:/l2"));
    }

    @Test
    void noLayerOptionsAtAll() {
        assertEquals(new OverlayOptions(List.of(), null, null), OverlayOptions.parse("rw,relatime"));
        assertEquals(new OverlayOptions(List.of(), null, null), OverlayOptions.parse(""));
    }
}
