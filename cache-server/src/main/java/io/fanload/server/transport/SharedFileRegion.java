package io.fanload.server.transport;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A slice of a file that many regions share. {@link DefaultFileRegion} closes its file channel when
 * released; this one leaves it open for the next region (the owner of the file closes it). It stays
 * a {@code DefaultFileRegion} so that the epoll transport sends it with sendfile(2).
 */
public final class SharedFileRegion extends DefaultFileRegion {

    public SharedFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the local copy; do not close it here.
    }
}
