package io.fanload.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Counts a {@link FileRegion} by its length. Netty's default estimator counts it as 0 bytes, which
 * would leave a channel writable however much file data is queued on it; with this one the
 * write-buffer water marks bound what an agent queues for a slow child.
 */
public final class FileRegionSizeEstimator implements MessageSizeEstimator {

    public static final FileRegionSizeEstimator INSTANCE = new FileRegionSizeEstimator();

    private static final Handle HANDLE = msg -> {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        if (msg instanceof ByteBufHolder h) {
            return h.content().readableBytes();
        }
        if (msg instanceof FileRegion r) {
            return (int) Math.min(Integer.MAX_VALUE, r.count() - r.transferred());
        }
        return 8;
    };

    private FileRegionSizeEstimator() {
    }

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
