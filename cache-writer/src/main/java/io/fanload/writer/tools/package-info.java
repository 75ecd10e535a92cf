/**
 * Looking at archives: what one holds ({@link io.fanload.writer.tools.ArchiveInspector}), whether it
 * is sound and current ({@link io.fanload.writer.tools.ArchiveVerifier},
 * {@link io.fanload.writer.tools.SourceStaleness}, {@link io.fanload.writer.tools.WholeFiles}), and
 * how two differ ({@link io.fanload.writer.tools.ArchiveDiff}). The {@code launch} command exposes
 * them. Also {@link io.fanload.writer.tools.Sizes}, which the other packages use for messages.
 */
package io.fanload.writer.tools;
