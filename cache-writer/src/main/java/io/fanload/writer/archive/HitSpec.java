package io.fanload.writer.archive;

import io.fanload.hooks.archive.EntryKind;

/**
 * One hit to be written: a blob found in class-path element {@code origin}. {@code signerSet} is an
 * index from {@link ArchiveWriter#addSignerSet} or {@code ArchiveFormat.NONE}.
 */
public record HitSpec(int origin, int signerSet, EntryKind kind, long lastModified, Blob blob) {
}
