package io.fanload.writer.archive;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;

import java.util.HashSet;
import java.util.Set;

/**
 * The references between an archive's records: every entry's kind, origin and signer set; the
 * entries each name row, origin manifest and native names; origins' and natives' sources; no name
 * twice. The checksums and the digest prove an archive is the one its writer made, not that the
 * writer was sound: a forged or buggy index may name a row that does not exist or a kind no release
 * knows. {@code verify} reports it, and a node agent refuses to expand such an archive into an
 * image, in both cases as an {@link ArchiveException} that names the record, never an exception
 * from an array or a null. Found by NodeImagesFuzzTest: a native naming entry 3333 of 6, an entry
 * whose kind code no {@code EntryKind} has.
 */
public final class IndexReferences {

    private final ArchiveReader reader;
    private final String archive;

    private IndexReferences(ArchiveReader reader) {
        this.reader = reader;
        this.archive = reader.file().toString();
    }

    /** Throws for the first reference that points nowhere. One pass over the index, no entry read. */
    public static void check(ArchiveReader reader) throws ArchiveException {
        new IndexReferences(reader).checkAll();
    }

    // Referrers are named only on failure: the agent runs this on every archive it expands, in a
    // JVM that has just started, where a string built per row costs more than the check itself.
    private void checkAll() throws ArchiveException {
        int entries = reader.hitCount();
        for (int h = 0; h < entries; h++) {
            if (reader.hitKind(h) == null) {
                throw refused("entry " + h + " has a kind code no release of the format defines");
            }
            row(reader.hitOrigin(h), reader.originCount(), "entry ", h, "origin", true); // NONE: a native's bytes
            row(reader.hitSignerSet(h), reader.signerSetCount(), "entry ", h, "signer set", true);
        }
        for (int o = 0; o < reader.originCount(); o++) {
            Records.Origin origin = reader.origin(o);
            row(origin.source(), reader.sourceCount(), "origin ", o, "source", true);
            row(origin.manifestHit(), entries, "origin ", o, "entry", true);
        }
        checkNames(entries);
        for (int n = 0; n < reader.nativeCount(); n++) {
            Records.Native lib = reader.nativeAt(n);
            row(lib.hit(), entries, "native ", n, "entry", false);
            row(lib.source(), reader.sourceCount(), "native ", n, "source", true);
        }
    }

    /**
     * Rows in hash order (lookups search by it) and no name twice. A repeated name has its twin's
     * hash, so only rows that share a hash are compared: the names are decoded for those alone.
     */
    private void checkNames(int entries) throws ArchiveException {
        Set<String> sameHash = new HashSet<>();
        for (int r = 0; r < reader.nameCount(); r++) {
            int hash = reader.nameHashAt(r);
            if (r > 0 && hash < reader.nameHashAt(r - 1)) {
                throw refused("name row " + r + " is out of hash order");
            }
            boolean runContinues = r > 0 && hash == reader.nameHashAt(r - 1);
            boolean runGoesOn = r + 1 < reader.nameCount() && hash == reader.nameHashAt(r + 1);
            if (!runContinues) {
                sameHash.clear();
            }
            if ((runContinues || runGoesOn) && !sameHash.add(reader.nameAt(r))) {
                throw refused("name row " + r + " repeats " + reader.nameAt(r));
            }
            long first = reader.nameFirstHit(r);
            long count = reader.nameHitCount(r);
            if (count > 0) {
                row(first, entries, "name row ", r, "entry", false);
                row(first + count - 1, entries, "name row ", r, "entry", false);
            }
        }
    }

    private void row(long index, int count, String referrer, int referrerIndex, String table, boolean noneAllowed)
            throws ArchiveException {
        if (noneAllowed && index == ArchiveFormat.NONE) {
            return;
        }
        if (index < 0 || index >= count) {
            throw refused(referrer + referrerIndex + " refers to " + table + " " + index + " of " + count);
        }
    }

    private ArchiveException refused(String what) {
        return new ArchiveException(archive + ": " + what + " (inconsistent index)");
    }
}
