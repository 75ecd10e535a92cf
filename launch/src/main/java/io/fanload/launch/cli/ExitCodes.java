package io.fanload.launch.cli;

/** Every exit status fanload's commands use (DESIGN.md section 5). */
public final class ExitCodes {
    public static final int OK = 0;
    /** verify found the archive unsound; diff found differences. */
    public static final int FAILED = 1;
    /** A wrong option or argument. */
    public static final int USAGE = 2;
    /** The cache or the tree failed: a broken or stale archive, a pilot that cannot be merged. */
    public static final int CACHE_FAILURE = 75;
    /** A bug in fanload: the message says so and {@code --debug} shows the stack trace. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
