package io.jtop.linux.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NamespacesTest {

    @Test
    void inodeOfALinkText() {
        assertEquals(4026531836L, Namespaces.inode("pid:[4026531836]"));
        assertEquals(4026532181L, Namespaces.inode("net:[4026532181]"));
    }

    @Test
    void garbledLinkTextIsMinusOne() {
        assertEquals(-1, Namespaces.inode("pid:4026531836"));
        assertEquals(-1, Namespaces.inode("pid:[4026531836"));
        assertEquals(-1, Namespaces.inode("pid:[abc]"));
        assertEquals(-1, Namespaces.inode("garbage"));
        assertEquals(-1, Namespaces.inode(""));
        assertEquals(-1, Namespaces.inode(null));
    }
}
