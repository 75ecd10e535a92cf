package io.fanload.writer.source;

import java.io.IOException;

/** Why an archive cannot be built; one line naming the file and what is wrong. */
public final class BuildException extends IOException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }
}
