package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.archive.HitSpec;

/**
 * The references between the records of an archive a node received, checked before they go into
 * the node image. The whole-archive digest proves the archive is the one the pilot's writer made,
 * not that the writer was sound: a forged or buggy index may name an entry, origin, signer set or
 * source that does not exist, or an entry kind no release knows. Each becomes an
 * {@link ArchiveException} that names the record (the agent's fallback reason), never an exception
 * from an array or a null. Found by NodeImagesFuzzTest: a native record naming entry 3333 of 6, an
 * entry whose kind code no {@code EntryKind} has.
 */
record ReceivedIndex(String archive, int origins, int signerSets, int sources) {

    /** An entry's own references: its kind, its origin and its signer set (either may be NONE). */
    void checkEntry(int index, Records.Hit hit) throws ArchiveException {
        String entry = "entry " + index;
        if (hit.kind() == null) {
            throw refused(entry + " has a kind code no release of the format defines");
        }
        row(hit.origin(), origins, entry, "origin", true); // NONE: a native's bytes belong to no origin
        row(hit.signerSet(), signerSets, entry, "signer set", true);
    }

    /** A source reference (an origin's or a native's); NONE allowed. */
    void checkSource(int source, String referrer) throws ArchiveException {
        row(source, sources, referrer, "source", true);
    }

    /** The expanded entry {@code index} of {@code specs}, which {@code referrer} refers to. */
    HitSpec entry(HitSpec[] specs, long index, String referrer) throws ArchiveException {
        row(index, specs.length, referrer, "entry", false);
        return specs[(int) index];
    }

    ArchiveException refused(String what) {
        return new ArchiveException(archive + ": " + what + " (inconsistent index)");
    }

    private void row(long index, int count, String referrer, String table, boolean noneAllowed) throws ArchiveException {
        if (noneAllowed && index == ArchiveFormat.NONE) {
            return;
        }
        if (index < 0 || index >= count) {
            throw refused(referrer + " refers to " + table + " " + index + " of " + count);
        }
    }
}
