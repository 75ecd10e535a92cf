/**
 * Writing archive format v1 (docs/FORMAT.md): the streaming {@link io.fanload.writer.archive.ArchiveWriter},
 * the per-entry codec (LZ4 block compression, xxHash64 and CRC32C), and the check of the references
 * between a finished archive's records ({@link io.fanload.writer.archive.IndexReferences}) that
 * {@code verify} and the node image run before trusting an index.
 */
package io.fanload.writer.archive;
