package io.fanload.bench.control;

import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.transport.Transport;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JVM's share of the simulated agents: agents {@code first .. first+count-1}, on {@code loops}
 * event-loop threads, all connecting to the coordinator at once when {@link #go} is called. Used by
 * {@link SimAgentsMain} (one per agent JVM) and in-process by the tests.
 */
public final class SimAgents implements AutoCloseable {

    private final InetSocketAddress coordinator;
    private final Secret secret;
    private final int first;
    private final int count;
    private final LostNodes lost;
    private final long transferNanos;
    private final EventLoopGroup group;
    private final List<SimAgent> agents = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch placed;
    private final CountDownLatch ended;
    private final AtomicInteger connectFailures = new AtomicInteger();
    private volatile long goNanos;
    private volatile boolean killed;

    public SimAgents(InetSocketAddress coordinator, Secret secret, int first, int count, LostNodes lost,
                     long transferMillis, int loops) {
        this.coordinator = coordinator;
        this.secret = secret;
        this.first = first;
        this.count = count;
        this.lost = lost;
        this.transferNanos = TimeUnit.MILLISECONDS.toNanos(transferMillis);
        this.group = Transport.auto().newGroup(loops, "sim-agents");
        this.placed = new CountDownLatch(count);
        this.ended = new CountDownLatch(count);
        secret.warmUp();
    }

    /** Opens every agent's connection now; {@code goNanos} (System.nanoTime) is time 0 of the records. */
    public void go(long goNanos) {
        this.goNanos = goNanos;
        Pipelines.Spec spec = new Pipelines.Spec(secret, Message.Role.AGENT_TO_COORDINATOR, 0, 0);
        for (int i = first; i < first + count; i++) {
            SimAgent agent = new SimAgent(i, this);
            agents.add(agent);
            var connecting = Pipelines.connect(Transport.auto(), group, coordinator, spec, agent.nodeId, agent);
            agent.attach(connecting.channel());
            connecting.addListener(f -> {
                if (!f.isSuccess()) {
                    connectFailures.incrementAndGet();
                    agent.refusal = "connect: " + f.cause();
                    placed.countDown();
                    ended.countDown();
                }
            });
        }
    }

    /** Every placed agent starts to receive now. */
    public void startTransfer() {
        for (SimAgent a : agents()) {
            onLoop(a, a::startTransfer);
        }
    }

    /** The lost 1 % die, and the children of each tell the coordinator, all at once. */
    public void kill() {
        killed = true;
        List<SimAgent> all = agents();
        for (SimAgent a : all) {
            if (lost.lost(a.index)) {
                onLoop(a, a::die);
            }
        }
        for (SimAgent a : all) {
            if (!lost.lost(a.index)) {
                onLoop(a, a::parentDied);
            }
        }
    }

    private static void onLoop(SimAgent a, Runnable r) {
        a.channel().eventLoop().execute(r);
    }

    public boolean awaitPlaced(long millis) throws InterruptedException {
        return placed.await(millis, TimeUnit.MILLISECONDS);
    }

    public boolean awaitEnded(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    public List<SimAgent> agents() {
        synchronized (agents) {
            return List.copyOf(agents);
        }
    }

    public int connectFailures() {
        return connectFailures.get();
    }

    long sinceGo() {
        return System.nanoTime() - goNanos;
    }

    LostNodes lost() {
        return lost;
    }

    boolean killed() {
        return killed;
    }

    long transferNanos() {
        return transferNanos;
    }

    void placed() {
        placed.countDown();
    }

    void closed(SimAgent a) {
        if (a.placedAt < 0) {
            placed.countDown(); // refused or cut off before its place: do not wait for it
        }
        ended.countDown();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
