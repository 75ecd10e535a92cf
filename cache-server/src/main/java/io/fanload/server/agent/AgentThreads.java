package io.fanload.server.agent;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The threads an agent runs on: one event loop (all of the agent's state is confined to it) and an
 * executor for the digest and the image build. Each is the configuration's when it gives one (many
 * agents in one JVM share them: tests, the control-plane benchmark), else the agent's own, stopped
 * with it.
 */
final class AgentThreads {

    private final EventLoopGroup ownGroup;
    private final ExecutorService ownExecutor;
    final EventLoop loop;
    final Executor executor;

    AgentThreads(AgentConfig config) {
        this.ownGroup = config.group() == null ? config.transport().newGroup(1, "fanload-agent") : null;
        this.loop = (ownGroup != null ? ownGroup : config.group()).next();
        this.ownExecutor = config.digestExecutor() == null
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "fanload-digest-" + config.nodeId());
                    t.setDaemon(true);
                    return t;
                })
                : null;
        this.executor = ownExecutor != null ? ownExecutor : config.digestExecutor();
    }

    /** Stops the agent's own threads (the loop after the task running on it, if that is the caller). */
    void stop() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
