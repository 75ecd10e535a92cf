package io.fanload.server.tree;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParentChooserTest {

    static final class N implements ParentChooser.Node {
        final String name;
        N parent;
        boolean usable = true;
        boolean complete;
        long offset;
        int children;

        N(String name, N parent, long offset) {
            this.name = name;
            this.parent = parent;
            this.offset = offset;
            if (parent != null) {
                parent.children++;
            }
        }

        @Override
        public N parent() {
            return parent;
        }

        @Override
        public boolean usable() {
            return usable;
        }

        @Override
        public boolean complete() {
            return complete;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public int childCount() {
            return children;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** root - a - b - c (a chain) plus root - d. */
    private final N root = new N("root", null, 100);
    private final N a = new N("a", root, 80);
    private final N b = new N("b", a, 60);
    private final N c = new N("c", b, 40);
    private final N d = new N("d", root, 90);
    private final List<N> all = new ArrayList<>(List.of(root, a, b, c, d));

    @Test
    void shapesPlaceByJoinOrder() {
        assertEquals(-1, TreeShape.BINARY.parentOf(0));
        assertEquals(0, TreeShape.BINARY.parentOf(2));
        assertEquals(2, TreeShape.BINARY.parentOf(5));
        assertEquals(4, TreeShape.CHAIN.parentOf(5));
        assertEquals(1, new TreeShape(4).parentOf(5));
        assertEquals(8, TreeShape.BINARY.depthOf(255));
        assertEquals(TreeShape.CHAIN, TreeShape.parse("chain"));
        assertEquals(new TreeShape(8), TreeShape.parse("8"));
        assertThrows(IllegalArgumentException.class, () -> TreeShape.parse("star"));
        assertThrows(IllegalArgumentException.class, () -> new TreeShape(0));
        assertEquals(TreeShape.CHAIN, TreeShape.defaultFor(16));
        assertEquals(TreeShape.BINARY, TreeShape.defaultFor(17));
    }

    @Test
    void nearestLiveAncestorOfTheLostParentFirst() {
        b.usable = false;
        assertSame(a, ParentChooser.choose(c, b, c.offset, all));
        a.usable = false;
        assertSame(root, ParentChooser.choose(c, b, c.offset, all));
    }

    @Test
    void thenACompleteNodeWithFewestChildrenThenOneAheadOfTheOrphan() {
        root.usable = false; // the reader died: no ancestors left for a's orphan b
        a.usable = false;
        d.complete = true;
        assertSame(d, ParentChooser.choose(b, a, b.offset, all));
        d.complete = false;
        // d holds 90 >= 60; c is b's own child and must never be chosen (a cycle).
        assertSame(d, ParentChooser.choose(b, a, b.offset, all));
        d.usable = false;
        assertNull(ParentChooser.choose(b, a, b.offset, all), "nobody left: b reads the archive itself");
    }

    @Test
    void neverTheOrphanOrItsDescendants() {
        root.usable = false;
        d.usable = false;
        c.offset = 1000; // ahead of everyone, but below the orphan a
        assertNull(ParentChooser.choose(a, root, a.offset, all));
        assertEquals(true, ParentChooser.isInSubtree(c, a));
        assertEquals(false, ParentChooser.isInSubtree(d, a));
    }
}
