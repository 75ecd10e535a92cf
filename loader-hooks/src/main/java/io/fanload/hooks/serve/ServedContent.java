package io.fanload.hooks.serve;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** What a {@code fanload:} URL connection reads: bytes (a slice of the image, or a miss's copy) and their time. */
record ServedContent(ByteBuffer bytes, long lastModified) {

    InputStream open() {
        return new ByteBufferInputStream(bytes.duplicate());
    }

    long length() {
        return bytes.remaining();
    }
}
