package io.fanload.bench.control;

import io.fanload.server.coordinator.DistributionResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a run went as it must: every agent placed, the lost nodes reported LOST, every other node
 * READY, and every orphan (a child of a lost node) re-parented by the coordinator and READY;
 * {@code orphans} counts the READY nodes the coordinator re-parented after a loss. What is
 * wrong, one line each; empty when all is well.
 */
public record Replacement(int nodes, int lost, int orphans, int reparentedByCoordinator, int reparentsToDead,
                          int ready, List<String> problems) {

    public static Replacement check(DistributionResult result, List<AgentRecord> agents, LostNodes rule) {
        List<String> problems = new ArrayList<>();
        Map<String, DistributionResult.NodeReport> byId = result.nodes().stream()
                .collect(Collectors.toMap(DistributionResult.NodeReport::nodeId, Function.identity()));
        int lost = 0;
        int orphans = 0;
        int toDead = 0;
        for (AgentRecord a : agents) {
            String id = LostNodes.nodeId(a.index());
            DistributionResult.NodeReport n = byId.get(id);
            toDead += a.reparentsToDead();
            if (!a.placed()) {
                problems.add(id + " never placed (" + a.refusal() + ")");
            } else if (n == null) {
                problems.add(id + " placed but unknown to the coordinator");
            } else if (rule.lost(a.index())) {
                lost++;
                if (n.status() != DistributionResult.Status.LOST) {
                    problems.add(id + " died but the coordinator says " + n.status());
                }
            } else if (n.status() != DistributionResult.Status.READY) {
                problems.add(id + " is " + n.status() + ": " + n.detail());
            } else if (a.reparents() > 0) {
                // Moved after losing its parent (an orphan), or away from a slow one.
                orphans += n.reparents() > 0 ? 1 : 0;
                if (n.reparents() + n.slowMoves() < 1) {
                    problems.add(id + " was moved but the coordinator counts no move");
                }
            }
        }
        int byCoordinator = (int) result.nodes().stream().filter(n -> n.reparents() > 0).count();
        if (lost != rule.count(agents.size())) {
            problems.add(lost + " nodes lost, the rule says " + rule.count(agents.size()));
        }
        if (rule.percent() > 0 && lost > 0 && orphans == 0) {
            problems.add("nodes were lost but no orphan was re-parented");
        }
        return new Replacement(agents.size(), lost, orphans, byCoordinator, toDead, (int) result.readyCount(),
                List.copyOf(problems));
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
