package io.fanload.hooks.source;

/**
 * Ends a rank that cannot go on: one line on stderr, then an immediate halt. Halting, not
 * throwing: the failure happens inside class loading, where an exception would be caught and
 * reported by the application as something else (or swallowed by a probe for an optional class).
 */
public final class RankFailure {

    /** Exit status of a rank stopped by fanload (a strict miss, an unusable configuration or image). */
    public static final int EXIT_STATUS = 86;

    private RankFailure() {
    }

    /** Prints {@code line} and halts; declared to return an error so callers can write {@code throw fail(...)}. */
    public static Error fail(String line) {
        System.err.println(line);
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_STATUS);
        return new InternalError(line);
    }
}
