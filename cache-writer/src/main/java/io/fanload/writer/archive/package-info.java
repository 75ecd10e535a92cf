/**
 * Writing archive format v2 (docs/FORMAT.md): the streaming {@link io.fanload.writer.archive.ArchiveWriter}
 * (with the class-path files carried whole), the per-entry codec (LZ4 block compression, xxHash64 and
 * CRC32C), the check of the references between a finished archive's records
 * ({@link io.fanload.writer.archive.IndexReferences}) that {@code verify} and the node image run
 * before trusting an index, and {@link io.fanload.writer.archive.FileMoves}, how every finished file
 * of cache-writer and the agents is moved into place.
 */
package io.fanload.writer.archive;
