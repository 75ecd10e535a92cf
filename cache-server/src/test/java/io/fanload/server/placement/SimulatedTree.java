package io.fanload.server.placement;

import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Message;
import io.fanload.server.tree.TreeShape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents as numbers: each simulated node receives at its own rate, never ahead of its parent (one
 * step behind it, as a pipelined hop is), reports progress and ready, and obeys what the
 * {@link Placement} sends. Time is a counter: a whole distribution of 10,000 nodes runs in
 * milliseconds and every run is the same.
 */
final class SimulatedTree {

    static final long MS = 1_000_000L;

    /** One simulated agent: what it was told, what it holds. */
    static final class Agent {
        final String id;
        final Endpoint endpoint;
        double rate;
        boolean placed;
        /** Its parent's id as last told; null: it reads the source (when placed). */
        String parent;
        String plannedParent;
        long offset;
        /** Its offset when the current step began: what its children can get in this step. */
        long offsetBefore;
        boolean alive = true;
        boolean ready;
        boolean fellBack;
        int assigns;

        Agent(String id, double rate) {
            this.id = id;
            this.endpoint = new Endpoint(id, "10.0.0.1", 4000);
            this.rate = rate;
        }

        boolean receiving() {
            return alive && placed && !ready && !fellBack;
        }
    }

    final Placement placement;
    final long size;
    final int chunk;
    final Map<String, Agent> agents = new LinkedHashMap<>();
    long now;
    boolean gatherOpened;

    SimulatedTree(int nodes, TreeShape shape, long size, int chunk) {
        this.placement = new Placement(new Job(nodes, shape, chunk, size, size, new byte[32], "/lustre/job/archive",
                15_000, 300_000, true));
        this.size = size;
        this.chunk = chunk;
    }

    static String id(int i) {
        return "n" + i;
    }

    Agent agent(int i) {
        return agents.get(id(i));
    }

    /** Node {@code i} registers, receiving at {@code rate} bytes per second once placed. */
    Agent join(int i, double rate) {
        Agent a = new Agent(id(i), rate);
        agents.put(a.id, a);
        Placement.Admission admission = placement.join(a.endpoint, now);
        if (admission.refusal() != null) {
            throw new AssertionError("refused " + a.id + ": " + admission.refusal());
        }
        gatherOpened |= admission.opensGather();
        deliver(admission.sends());
        return a;
    }

    void endGather() {
        deliver(placement.gatherEnded(now));
    }

    /** Carries out what the placement decided, as the agents would. */
    void deliver(List<Send> sends) {
        for (Send s : sends) {
            Agent a = agents.get(s.to());
            Message m = s.message();
            if (m instanceof Message.Assign as) {
                a.placed = true;
                a.assigns++;
                a.parent = as.parent() == null ? null : as.parent().nodeId();
            } else if (m instanceof Message.Expect e) {
                a.plannedParent = e.parent() == null ? null : e.parent().nodeId();
            } else if (m instanceof Message.Reparent r) {
                a.parent = r.parent() == null ? null : r.parent().nodeId();
            } else if (m instanceof Message.Failed f) {
                a.fellBack = true;
                deliver(placement.failed(a.id, "told to: " + f.reason(), now));
            } else {
                throw new AssertionError("unexpected " + m);
            }
        }
    }

    /**
     * {@code millis} pass: every receiving node gains at its rate what its parent held at the
     * step's start (a reader: what the source has), then reports it, and ready when whole.
     */
    void step(long millis) {
        now += millis * MS;
        for (Agent a : agents.values()) {
            a.offsetBefore = a.offset;
        }
        for (Agent a : agents.values()) {
            if (!a.receiving()) {
                continue;
            }
            long limit = a.parent == null ? size : agents.get(a.parent).offsetBefore;
            long gained = (long) (a.rate * millis / 1000);
            a.offset = Math.max(a.offset, Math.min(limit, a.offset + gained));
            placement.progress(a.id, a.offset, now);
            if (a.offset == size) {
                a.ready = true;
                placement.ready(a.id, size, -1, -1, now);
            }
        }
    }

    /** One pace sample (the coordinator takes one a second). */
    void samplePace() {
        deliver(placement.samplePace(now));
    }

    /** Runs steps of {@code millis}, a pace sample every second, until the placement is complete. */
    int runToCompletion(long millis, int maxSteps) {
        int steps = 0;
        long nextSample = now + 1000 * MS;
        while (!placement.complete()) {
            if (++steps > maxSteps) {
                throw new AssertionError("not complete after " + maxSteps + " steps");
            }
            step(millis);
            if (now >= nextSample) {
                samplePace();
                nextSample += 1000 * MS;
            }
        }
        return steps;
    }

    /** Node {@code id}'s agent dies: the coordinator sees it disconnect, its children see their parent go. */
    void kill(String id) {
        Agent dead = agents.get(id);
        dead.alive = false;
        placement.disconnected(id, now);
        for (Agent child : new ArrayList<>(agents.values())) {
            if (child.receiving() && id.equals(child.parent)) {
                deliver(placement.parentLost(child.id, id, child.offset, "connection closed"));
            }
        }
    }

    /** Depth of {@code a} by its parents as told (0: a reader); fails on a cycle or a dead parent. */
    int depth(Agent a) {
        int depth = 0;
        for (Agent at = a; at.parent != null; at = agents.get(at.parent)) {
            Agent up = agents.get(at.parent);
            if (!up.alive || up.fellBack) {
                throw new AssertionError(at.id + " hangs on " + up.id + ", which " + (up.alive ? "fell back" : "is dead"));
            }
            if (++depth > agents.size()) {
                throw new AssertionError("cycle through " + a.id);
            }
        }
        return depth;
    }

    PlacedNode node(String id) {
        return placement.nodes().stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }
}
