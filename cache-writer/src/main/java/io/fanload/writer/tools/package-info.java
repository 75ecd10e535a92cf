/**
 * Looking at archives: what one holds ({@link io.fanload.writer.tools.ArchiveInspector}), whether it
 * is sound and current ({@link io.fanload.writer.tools.ArchiveVerifier},
 * {@link io.fanload.writer.tools.SourceStaleness}), and how two differ
 * ({@link io.fanload.writer.tools.ArchiveDiff}). The {@code launch} command exposes them.
 */
package io.fanload.writer.tools;
