package io.fanload.hooks.classpath;

import io.fanload.hooks.archive.DirectoryListing;

/**
 * A node-local copy of a class-path folder that holds the files the pilot read, with the listing
 * of every name the original had. A name the copy lacks but the listing has is read from
 * {@code original} (the shared file system), and {@code onOriginal} is told; a name in neither is
 * absent without a probe.
 */
public record FolderCopy(DirectoryListing listing, String original, Runnable onOriginal) {
}
