package io.fanload.server.placement;

import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Message;
import io.fanload.server.tree.ParentChooser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator's decisions for one distribution, as events in and messages out. Every event
 * method takes the time ({@code now}, nanoseconds on any monotonic clock) and returns what to send
 * to whom, in order; nothing here reads a clock, sleeps or touches a socket. Not thread-safe: the
 * coordinator calls it from its one event loop.
 * <ul>
 *   <li><b>Placement</b>: nodes are placed in join order on the {@link Job#shape()}; the first to
 *       join reads the archive and is placed at once, so that reading overlaps the gather; the
 *       others get an {@code Expect} (make room, connect to the planned parent) and are placed
 *       when every expected node joined or the gather window passed ({@link #gatherEnded}), those
 *       after that at their join.</li>
 *   <li><b>Re-parenting</b>: an orphan gets a new parent from {@link ParentChooser}, or reads the
 *       archive itself when no reader lives; its lost parent gets no new children unless READY.</li>
 *   <li><b>Slow parents</b>: {@link #samplePace} moves children held back by a slow live parent
 *       ({@link SlowParents}).</li>
 *   <li><b>Completion</b>: {@link #complete()} once every expected node ended (ready, fell back,
 *       lost), or the registration closed and every node that joined ended.</li>
 * </ul>
 */
public final class Placement {

    private static final System.Logger LOG = System.getLogger(Placement.class.getName());
    /** Readers that failed before the archive is given up (a second reader rules out one node's trouble). */
    public static final int MAX_READER_FAILURES = 2;
    /** How often the coordinator should call {@link #samplePace}. */
    public static final long PACE_SAMPLE_MILLIS = SlowParents.SAMPLE_MILLIS;

    /** The answer to a join: a refusal, or the messages to send and whether the gather window opens now. */
    public record Admission(String refusal, boolean opensGather, List<Send> sends) {
        static Admission refused(String reason) {
            return new Admission(reason, false, List.of());
        }
    }

    private final Job job;
    private final Map<String, PlacedNode> nodes = new LinkedHashMap<>();
    private final List<PlacedNode> byPosition = new ArrayList<>();
    private long startNanos;
    private boolean registrationClosed;
    private boolean started;
    private boolean closed;
    private PlacedNode reader;
    private int readerFailures;
    private int ended;
    private String abandoned;
    /** The fastest any node received at so far, in bytes per second (see {@link SlowParents}). */
    private double peakRate;

    public Placement(Job job) {
        this.job = job;
    }

    // ---- events ----

    /** A node registered with its data endpoint. */
    public Admission join(Endpoint endpoint, long now) {
        if (nodes.size() >= job.expectedNodes() || registrationClosed || closed) {
            return Admission.refused("the coordinator expects no more agents");
        }
        if (nodes.containsKey(endpoint.nodeId())) {
            return Admission.refused("node id " + endpoint.nodeId() + " is already registered");
        }
        int position = byPosition.size();
        PlacedNode node = new PlacedNode(endpoint, position, job.shape().depthOf(position), job.size(), now);
        nodes.put(endpoint.nodeId(), node);
        byPosition.add(node);
        List<Send> out = new ArrayList<>();
        boolean gathered = nodes.size() == job.expectedNodes();
        if (started || position == 0) {
            // The reader needs nobody: it reads while the others are still starting (at 24,000 ranks
            // the gather takes seconds, reading a few hundred MB from the shared file system about one).
            place(node, out, now);
        } else if (!gathered) {
            // The others make room for the archive meanwhile (one without room falls back now, not
            // after children were placed under it) and connect to their planned parent.
            PlacedNode planned = byPosition.get(job.shape().parentOf(position));
            out.add(new Send(node.nodeId(), new Message.Expect(job.size(), job.chunkSize(),
                    planned.usable() ? planned.endpoint : null)));
        }
        boolean opensGather = false;
        if (!started) {
            if (gathered) {
                // The last to join is placed now, without an Expect: there is no gather left to use.
                start(now, out);
            } else {
                opensGather = nodes.size() == 1;
            }
        }
        return new Admission(null, opensGather, out);
    }

    /** The gather window passed: place everyone who joined so far (nothing if already started). */
    public List<Send> gatherEnded(long now) {
        List<Send> out = new ArrayList<>();
        start(now, out);
        return out;
    }

    /** A node's heartbeat with its verified offset. */
    public void progress(String nodeId, long offset, long now) {
        PlacedNode node = nodes.get(nodeId);
        if (node != null) {
            node.reached(offset, now);
        }
    }

    /** A node lost its parent (dead, stalled, corrupting) holding {@code offset} verified bytes. */
    public List<Send> parentLost(String nodeId, String parentId, long offset, String reason) {
        PlacedNode node = nodes.get(nodeId);
        if (node == null || node.outcome != null) {
            return List.of();
        }
        node.offset = Math.max(node.offset, offset);
        if (abandoned != null) {
            return List.of(new Send(nodeId, new Message.Failed(abandoned)));
        }
        PlacedNode old = nodes.get(parentId);
        // A parent that lost one child becomes nobody's parent again — unless it is READY: its copy
        // passed the digest and it serves its other children, so a child's stall is most likely the
        // child's own link. (On the test bed a root marked suspect this way, after its 10 Mbit/s
        // child stalled, left the other nodes no complete node to move to: they fell back.)
        if (old != null && old != node && old.outcome != PlacedNode.Outcome.READY) {
            old.suspect = true;
        }
        LOG.log(System.Logger.Level.INFO, "fanload: node " + nodeId + " lost parent " + parentId + " at " + offset
                + " bytes: " + reason);
        adopt(node, null);
        PlacedNode chosen = choose(node, old, node.offset);
        node.reparents++;
        if (chosen != null) {
            adopt(node, chosen);
        } else {
            reader = node;
            LOG.log(System.Logger.Level.INFO, "fanload: node " + nodeId + " becomes a reader of the archive");
        }
        return List.of(new Send(nodeId, chosen == null
                ? new Message.Reparent(null, job.source())
                : new Message.Reparent(chosen.endpoint, "")));
    }

    /**
     * A node verified the whole archive and prepared its image; its first and last byte came
     * {@code firstByteMicros} and {@code lastByteMicros} after its placement (-1: not known).
     */
    public void ready(String nodeId, long bytes, long firstByteMicros, long lastByteMicros, long now) {
        PlacedNode node = nodes.get(nodeId);
        if (node != null) {
            node.reached(bytes, now);
            node.offset = bytes;
            node.bytesAt(firstByteMicros, lastByteMicros);
            finish(node, PlacedNode.Outcome.READY, "", now);
        }
    }

    /** A node fell back; after {@link #MAX_READER_FAILURES} failed readers every other node is told to. */
    public List<Send> failed(String nodeId, String reason, long now) {
        PlacedNode node = nodes.get(nodeId);
        if (node == null) {
            return List.of();
        }
        finish(node, PlacedNode.Outcome.FALLBACK, "fell back: " + reason, now);
        if (node == reader && ++readerFailures == MAX_READER_FAILURES) {
            return abort("the archive could not be read by " + readerFailures + " readers; last: " + reason);
        }
        return List.of();
    }

    /** A node's agent disconnected (or went silent). */
    public void disconnected(String nodeId, long now) {
        PlacedNode node = nodes.get(nodeId);
        if (node != null) {
            node.alive = false;
            finish(node, PlacedNode.Outcome.LOST, "lost: its agent disconnected before it was ready", now);
        }
    }

    /** Samples every node's offset and moves children away from slow parents ({@link SlowParents}). */
    public List<Send> samplePace(long now) {
        if (!pacing()) {
            return List.of();
        }
        double seconds = (now - startNanos) / 1e9;
        for (PlacedNode n : byPosition) {
            n.rate.sample(n.offset, now);
            // The average since the start counts too: a reader done within the first sample (a fast
            // file system) shows no rate in any window, yet it is the pace the tree can reach. What the
            // reader read during the gather is not a pace: counted, it made every linked node look slow.
            peakRate = Math.max(peakRate, Math.max(n.rate.bytesPerSecond(), (n.offset - n.offsetAtStart) / seconds));
        }
        List<Send> out = new ArrayList<>();
        for (PlacedNode n : List.copyOf(byPosition)) {
            if (n.slowMoves < SlowParents.MAX_MOVES && SlowParents.heldBack(n, peakRate, job.chunkSize())) {
                leaveSlowParent(n, out);
            }
        }
        return out;
    }

    /** Nodes that have not joined by now never will. */
    public void closeRegistration() {
        registrationClosed = true;
    }

    /** The job step ended: no more joins, no more moves. */
    public void close() {
        closed = true;
    }

    // ---- what the adapter asks ----

    /**
     * Seconds from the distribution's start to {@code nanos} (negative before it: a node joins
     * during the gather); 0 before the start is known.
     */
    public double sinceStart(long nanos) {
        return started ? (nanos - startNanos) / 1e9 : 0;
    }

    /** Whether the distribution started (the gather is over). */
    public boolean started() {
        return started;
    }

    /** Whether {@link #samplePace} still has work: started, slow-parent moves on, not over. */
    public boolean pacing() {
        return started && job.leaveSlowParents() && !closed && abandoned == null && !complete();
    }

    /** Every expected node ended, or the registration closed and every node that joined ended. */
    public boolean complete() {
        boolean allJoined = nodes.size() == job.expectedNodes() || registrationClosed;
        return allJoined && ended == nodes.size();
    }

    /** Every node that joined, in join order. */
    public List<PlacedNode> nodes() {
        return Collections.unmodifiableList(byPosition);
    }

    /** The node's current parent's id, or null (a reader, or not placed). */
    public String parentOf(String nodeId) {
        PlacedNode node = nodes.get(nodeId);
        return node == null || node.parent == null ? null : node.parent.nodeId();
    }

    public int expectedNodes() {
        return job.expectedNodes();
    }

    // ---- decisions ----

    private void start(long now, List<Send> out) {
        if (started) {
            return;
        }
        started = true;
        startNanos = now;
        for (PlacedNode n : byPosition) {
            n.offsetAtStart = n.offset;
            // A reader done during the gather shows no rate after the start; its pace while reading
            // does count (without it, slow nodes behind it set the peak and none looked slow).
            peakRate = Math.max(peakRate, n.paceBeforeStart());
            if (n.alive && !n.placed && n.outcome == null) {
                place(n, out, now);
            }
        }
    }

    private void place(PlacedNode node, List<Send> out, long now) {
        node.placed = true;
        node.placedNanos = now;
        PlacedNode parent = null;
        if (node.position > 0) {
            PlacedNode planned = byPosition.get(job.shape().parentOf(node.position));
            PlacedNode chosen = planned.usable() ? planned : choose(node, planned, 0);
            if (chosen != null) {
                adopt(node, chosen);
                parent = chosen;
            }
        }
        if (parent == null) {
            reader = node;
        }
        out.add(new Send(node.nodeId(), job.assign(node.position, parent)));
    }

    private void leaveSlowParent(PlacedNode child, List<Send> out) {
        PlacedNode slow = child.parent;
        boolean wasSuspect = slow.suspect;
        slow.suspect = true; // passed over by the chooser, and given no new children from now on
        PlacedNode better = choose(child, slow, child.offset);
        if (!SlowParents.worthMoving(better, child, slow, job.chunkSize())) {
            slow.suspect = wasSuspect;
            return;
        }
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "fanload: node %s leaves slow parent %s (%.1f MB/s, peak %.1f MB/s) for %s at %d bytes",
                child.nodeId(), slow.nodeId(), slow.rate.bytesPerSecond() / 1e6, peakRate / 1e6,
                better.nodeId(), child.offset));
        adopt(child, better);
        child.slowMoves++;
        child.rate.reset();
        out.add(new Send(child.nodeId(), new Message.Reparent(better.endpoint, "")));
    }

    /**
     * Tells every node still receiving to fall back: used when the archive itself is unreadable,
     * so that a thousand nodes do not each try to read it from the shared file system in turn.
     */
    private List<Send> abort(String reason) {
        abandoned = reason;
        LOG.log(System.Logger.Level.WARNING, "fanload: distribution abandoned: " + reason);
        List<Send> out = new ArrayList<>();
        for (PlacedNode n : byPosition) {
            if (n.outcome == null && n.alive) {
                out.add(new Send(n.nodeId(), new Message.Failed(reason)));
            }
        }
        return out;
    }

    /** A new parent for {@code node}, or {@code null}: it reads the archive itself (also when no reader lives). */
    private PlacedNode choose(PlacedNode node, PlacedNode lost, long offset) {
        if (reader == null || !reader.usable()) {
            return null;
        }
        return ParentChooser.choose(node, lost, offset, byPosition);
    }

    private static void adopt(PlacedNode child, PlacedNode parent) {
        if (child.parent != null) {
            child.parent.children--;
        }
        child.parent = parent;
        if (parent != null) {
            parent.children++;
        }
    }

    private void finish(PlacedNode node, PlacedNode.Outcome outcome, String detail, long now) {
        if (node.outcome != null) {
            return;
        }
        node.outcome = outcome;
        node.detail = detail;
        ended++;
        // A reader may be done before the gather ends: ready at the start, 0 s.
        node.readySeconds = started ? (now - startNanos) / 1e9 : 0;
        if (outcome != PlacedNode.Outcome.READY) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + node.nodeId() + " " + detail);
        }
    }
}
