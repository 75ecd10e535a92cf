package io.fanload.writer.source;

import io.fanload.hooks.archive.EntryKind;

import java.security.CodeSigner;

/**
 * A name's content in one class-path element.
 *
 * @param entryName the stored name it came from (e.g. a {@code META-INF/versions/17/...} entry)
 * @param signers   verified code signers, or null when unsigned
 */
public record SourceEntry(String entryName, EntryKind kind, long lastModified, byte[] content, CodeSigner[] signers) {
}
