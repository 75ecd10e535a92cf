package io.fanload.launch.cli;

/**
 * Every exit status fanload's commands use (DESIGN.md section 5, docs/USER-GUIDE.md "Exit status").
 *
 * <p>fanload's own failures use the BSD sysexits block, 64 to 79, which it reserves: launch passes
 * a failing rank's status through unchanged unless it falls in that block, when launch exits
 * {@link #RANK_IN_RESERVED} (the report's {@code rankExitCode} keeps the real one). So a status
 * of 64-78 always means fanload failed, and a rank's 2 or 75 never reads as one of fanload's.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** verify found the archive unsound; diff found differences (these commands run no ranks). */
    public static final int FAILED = 1;
    /** A wrong option or argument (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** An input that does not exist or cannot be read: the archive, a pilot folder (EX_NOINPUT). */
    public static final int NO_INPUT = 66;
    /** A bug in fanload: the message says so and {@code --debug} shows the stack trace (EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** The cache or the tree failed: a broken or stale archive, a pilot that cannot be merged (EX_TEMPFAIL). */
    public static final int CACHE_FAILURE = 75;
    /** A rank exited with a status in the reserved block; launch says which one. */
    public static final int RANK_IN_RESERVED = 79;
    /** The block fanload reserves for its own statuses. */
    public static final int RESERVED_FIRST = 64;
    public static final int RESERVED_LAST = 79;

    private ExitCodes() {
    }

    /** The status launch exits with when a rank (the lowest failing one) exited {@code rankStatus}. */
    public static int ofRank(int rankStatus) {
        return reserved(rankStatus) ? RANK_IN_RESERVED : rankStatus;
    }

    /** Whether {@code status} lies in the block fanload keeps for itself. */
    public static boolean reserved(int status) {
        return status >= RESERVED_FIRST && status <= RESERVED_LAST;
    }
}
