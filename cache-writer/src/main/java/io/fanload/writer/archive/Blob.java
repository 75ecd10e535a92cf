package io.fanload.writer.archive;

/** Where {@link ArchiveWriter#addBlob} put one entry's bytes, and their checksums. */
public record Blob(long offset, int storedLength, int rawLength, int codec, long xxhash64, int crc32c) {
}
