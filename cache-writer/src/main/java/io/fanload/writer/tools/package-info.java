/**
 * Looking at archives: what one holds ({@link io.fanload.writer.tools.ArchiveInspector}), whether it
 * is sound and current ({@link io.fanload.writer.tools.ArchiveVerifier},
 * {@link io.fanload.writer.tools.SourceStaleness}), and how two differ
 * ({@link io.fanload.writer.tools.ArchiveDiff}). The {@code launch} command exposes them. Also two
 * small helpers the other packages share: {@link io.fanload.writer.tools.Sizes} for messages and
 * {@link io.fanload.writer.tools.FileMoves} for moving a finished file into place.
 */
package io.fanload.writer.tools;
