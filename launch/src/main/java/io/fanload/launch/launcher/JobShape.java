package io.fanload.launch.launcher;

import java.util.OptionalInt;

/**
 * How many ranks on how many nodes a launcher line asks for, as far as its options and the
 * allocation tell; what neither tells is left for launch's own {@code -n} and {@code --nodes}.
 */
public record JobShape(OptionalInt ranks, OptionalInt nodes) {

    static final JobShape UNKNOWN = new JobShape(OptionalInt.empty(), OptionalInt.empty());

    /**
     * Ranks from the line, else nodes times ranks per node; nodes from the line, else from ranks per
     * node, else the allocation's (at most one per rank).
     */
    static JobShape of(OptionalInt ranks, OptionalInt nodes, OptionalInt perNode, OptionalInt allocationNodes) {
        OptionalInt n = ranks;
        OptionalInt m = nodes;
        if (m.isEmpty() && n.isPresent() && perNode.isPresent()) {
            m = OptionalInt.of((n.getAsInt() + perNode.getAsInt() - 1) / perNode.getAsInt());
        }
        if (m.isEmpty() && allocationNodes.isPresent()) {
            m = n.isPresent() ? OptionalInt.of(Math.min(n.getAsInt(), allocationNodes.getAsInt())) : allocationNodes;
        }
        if (n.isEmpty() && m.isPresent() && perNode.isPresent()) {
            n = OptionalInt.of(m.getAsInt() * perNode.getAsInt());
        }
        return new JobShape(n, m);
    }
}
