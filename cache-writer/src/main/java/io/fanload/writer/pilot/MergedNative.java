package io.fanload.writer.pilot;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** A shared object some pilot rank loaded or had mapped, keyed by its path. */
public final class MergedNative {

    private final String path;
    private final Set<String> loadNames = new LinkedHashSet<>();
    private final BitSet ranks = new BitSet();
    private int flags;
    private long firstUse = Long.MAX_VALUE;

    MergedNative(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** Names it was asked for with {@code System.loadLibrary}. */
    public Set<String> loadNames() {
        return loadNames;
    }

    /** {@code ArchiveFormat.NATIVE_*} bits: how ranks came to load it. */
    public int flags() {
        return flags;
    }

    public BitSet ranks() {
        return ranks;
    }

    long firstUse() {
        return firstUse;
    }

    void seen(int rankSlot, long useKey, int flag) {
        ranks.set(rankSlot);
        flags |= flag;
        firstUse = Math.min(firstUse, useKey);
    }
}
