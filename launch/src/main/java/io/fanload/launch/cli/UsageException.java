package io.fanload.launch.cli;

/** A command line that cannot be run as given: one line, exit status 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
