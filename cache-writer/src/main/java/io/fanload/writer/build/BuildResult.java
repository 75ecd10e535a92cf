package io.fanload.writer.build;

import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.writer.pilot.MergedPilot;

/**
 * What {@link ArchiveBuilder#build} wrote.
 *
 * @param rawBytes    content bytes before compression (entries and natives)
 * @param storedBytes the same after per-entry LZ4
 */
public record BuildResult(ArchiveIdentity identity, MergedPilot pilot, int names, int absent, int entries,
                          int natives, long rawBytes, long storedBytes) {
}
