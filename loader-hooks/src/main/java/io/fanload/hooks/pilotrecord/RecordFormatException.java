package io.fanload.hooks.pilotrecord;

import java.io.IOException;

/** A pilot record that cannot be used; the message is one line naming the file and the defect. */
public final class RecordFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }
}
