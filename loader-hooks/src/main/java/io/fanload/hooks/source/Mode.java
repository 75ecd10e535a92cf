package io.fanload.hooks.source;

/** What the loader does with the application's class path ({@code fanload.mode}). */
public enum Mode {
    /** Load from the class path and record every lookup for the pilot. */
    RECORD,
    /** Load from the node-local image; a miss loads from the class path and is counted. */
    SERVE,
    /** Load from the class path and record nothing (a baseline for benchmarks). */
    PLAIN
}
