package io.fanload.server.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/** A peer sent something the protocol does not allow; the connection is closed. */
public final class ProtocolException extends CorruptedFrameException {

    public ProtocolException(String message) {
        super(message);
    }
}
