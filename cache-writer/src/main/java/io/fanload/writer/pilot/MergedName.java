package io.fanload.writer.pilot;

import io.fanload.hooks.archive.EntryKind;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * One name as the pilot ranks saw it. {@code found} maps an origin (merged class-path index) to
 * the kind and content the ranks got there; an empty map with {@code absent} set is a negative entry.
 */
public final class MergedName {

    /** What the ranks got for this name from one origin. */
    public record Expected(EntryKind kind, int crc32c, long size) {
    }

    private final String name;
    private final Map<Integer, Expected> found = new TreeMap<>();
    private final BitSet ranks = new BitSet();
    private boolean absent;
    private long firstUse = Long.MAX_VALUE;

    MergedName(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Origins (merged indices, ascending = class-path order) where a rank found the name. */
    public Map<Integer, Expected> found() {
        return found;
    }

    /** True if some rank looked the name up and found it nowhere. */
    public boolean absentSeen() {
        return absent;
    }

    /** The ranks (by their position in the merge) that asked for this name. */
    public BitSet ranks() {
        return ranks;
    }

    long firstUse() {
        return firstUse;
    }

    void seen(int rankSlot, long useKey) {
        ranks.set(rankSlot);
        firstUse = Math.min(firstUse, useKey);
    }

    void markAbsent() {
        absent = true;
    }

    /** @return null, or the conflicting earlier expectation */
    Expected addFound(int origin, Expected expected) {
        Expected previous = found.putIfAbsent(origin, expected);
        return previous == null || previous.equals(expected) ? null : previous;
    }
}
