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

    private void checkAll() throws ArchiveException {
        int entries = reader.hitCount();
        for (int h = 0; h < entries; h++) {
            Records.Hit hit = reader.hit(h);
            String entry = "entry " + h;
            if (hit.kind() == null) {
                throw refused(entry + " has a kind code no release of the format defines");
            }
            row(hit.origin(), reader.originCount(), entry, "origin", true); // NONE: a native's bytes
            row(hit.signerSet(), reader.signerSetCount(), entry, "signer set", true);
        }
        for (int o = 0; o < reader.originCount(); o++) {
            Records.Origin origin = reader.origin(o);
            row(origin.source(), reader.sourceCount(), "origin " + o, "source", true);
            row(origin.manifestHit(), entries, "origin " + o, "entry", true);
        }
        Set<String> names = new HashSet<>();
        for (int r = 0; r < reader.nameCount(); r++) {
            String name = reader.nameAt(r);
            if (!names.add(name)) {
                throw refused("name row " + r + " repeats " + name);
            }
            long first = reader.nameFirstHit(r);
            long count = reader.nameHitCount(r);
            if (count > 0) {
                row(first, entries, "name row " + r, "entry", false);
                row(first + count - 1, entries, "name row " + r, "entry", false);
            }
        }
        for (int n = 0; n < reader.nativeCount(); n++) {
            Records.Native lib = reader.nativeAt(n);
            row(lib.hit(), entries, "native " + n, "entry", false);
            row(lib.source(), reader.sourceCount(), "native " + n, "source", true);
        }
    }

    private void row(long index, int count, String referrer, String table, boolean noneAllowed) throws ArchiveException {
        if (noneAllowed && index == ArchiveFormat.NONE) {
            return;
        }
        if (index < 0 || index >= count) {
            throw refused(referrer + " refers to " + table + " " + index + " of " + count);
        }
    }

    private ArchiveException refused(String what) {
        return new ArchiveException(archive + ": " + what + " (inconsistent index)");
    }
}
