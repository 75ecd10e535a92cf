/**
 * Writing archive format v1 (docs/FORMAT.md): the streaming {@link io.fanload.writer.archive.ArchiveWriter}
 * and the per-entry codec (LZ4 block compression, xxHash64 and CRC32C).
 */
package io.fanload.writer.archive;
