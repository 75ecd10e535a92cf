package io.fanload.launch.launcher;

import io.fanload.launch.cli.UsageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Ranks over nodes, block-wise as srun's default distribution does: node k runs ranks
 * {@code [k*N/M, (k+1)*N/M)}, so the first local rank of every node is its agent's rank.
 */
public record RankPlacement(int ranks, int nodes) {

    /** One rank's place. */
    public record Rank(int rank, int node, int localRank, int ranksOnNode) {
    }

    public RankPlacement {
        if (ranks < 1) {
            throw new UsageException("-n must be at least 1");
        }
        if (nodes < 1) {
            throw new UsageException("--nodes must be at least 1");
        }
        if (nodes > ranks) {
            throw new UsageException("--nodes " + nodes + " is more than the " + ranks + " ranks (-n)");
        }
    }

    public int firstRankOf(int node) {
        return (int) ((long) node * ranks / nodes);
    }

    public List<Rank> ranksOf(int node) {
        int first = firstRankOf(node);
        int end = firstRankOf(node + 1);
        List<Rank> list = new ArrayList<>();
        for (int r = first; r < end; r++) {
            list.add(new Rank(r, node, r - first, end - first));
        }
        return list;
    }

    /** The most ranks any node runs (for thread caps). */
    public int maxRanksPerNode() {
        return (ranks + nodes - 1) / nodes;
    }
}
