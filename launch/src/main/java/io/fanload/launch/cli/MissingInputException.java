package io.fanload.launch.cli;

import java.io.IOException;
import java.nio.file.Path;

/** An input fanload needs is not there, e.g. "no such archive: /x.fanload": exit {@link ExitCodes#NO_INPUT}. */
public final class MissingInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public MissingInputException(String what, Path where) {
        super("no such " + what + ": " + where);
    }

    /** An input that is there but is not what it should be, e.g. a folder named as the archive. */
    public MissingInputException(String message) {
        super(message);
    }
}
