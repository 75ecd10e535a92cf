/**
 * The fanload archive, read side: format constants, and a reader that maps one archive file and
 * answers lookups from its index in place (nothing is parsed per entry at open). docs/FORMAT.md is
 * the specification; {@link io.fanload.hooks.archive.ArchiveFormat} holds its numbers. The write
 * side lives in cache-writer, because it needs LZ4 and Commons Compress, which a rank's JVM must
 * never see.
 */
package io.fanload.hooks.archive;
