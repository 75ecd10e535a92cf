package io.fanload.server.tree;

import java.util.Collection;
import java.util.Comparator;

/**
 * Picks a new parent for a node whose parent died, stalled or sent bad data. In order of preference:
 * <ol>
 *   <li>the nearest live ancestor of the lost parent: it forwarded at least what the lost parent
 *       had, so the orphan resumes at once;</li>
 *   <li>a live node that holds the complete archive, the one with fewest children;</li>
 *   <li>a live node that holds at least the orphan's offset, fewest children first;</li>
 *   <li>none: the orphan reads the archive from the shared file system itself, from its offset.</li>
 * </ol>
 * Never the orphan itself or one of its descendants (no cycles), never a node marked unusable (dead,
 * failed, or reported as a bad parent).
 */
public final class ParentChooser {

    /** What the chooser needs to know about a node. */
    public interface Node {
        Node parent();

        /** Alive, not failed, not suspected, and listening for children. */
        boolean usable();

        boolean complete();

        long offset();

        int childCount();
    }

    private ParentChooser() {
    }

    /** The new parent, or {@code null} when the orphan must read the source itself. */
    public static <N extends Node> N choose(N orphan, Node lostParent, long orphanOffset, Collection<N> all) {
        for (Node a = lostParent == null ? null : lostParent.parent(); a != null; a = a.parent()) {
            if (eligible(a, orphan)) {
                @SuppressWarnings("unchecked") N ancestor = (N) a;
                return ancestor;
            }
        }
        Comparator<N> fewestChildren = Comparator.comparingInt(Node::childCount);
        N best = all.stream().filter(n -> n.complete() && eligible(n, orphan)).min(fewestChildren).orElse(null);
        if (best != null) {
            return best;
        }
        return all.stream().filter(n -> n.offset() >= orphanOffset && eligible(n, orphan))
                .min(fewestChildren).orElse(null);
    }

    private static boolean eligible(Node candidate, Node orphan) {
        return candidate.usable() && !isInSubtree(candidate, orphan);
    }

    /** Whether {@code node} is {@code root} or below it. */
    public static boolean isInSubtree(Node node, Node root) {
        for (Node n = node; n != null; n = n.parent()) {
            if (n == root) {
                return true;
            }
        }
        return false;
    }
}
