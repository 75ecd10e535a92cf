package io.fanload.hooks.archive;

import java.io.IOException;

/** An archive that cannot be used as it is; the message is one line naming the file and the defect. */
public class ArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
