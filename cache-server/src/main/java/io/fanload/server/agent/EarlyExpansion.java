package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.protocol.Errors;
import io.fanload.writer.image.ImageExpansion;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The image's entries expanded while the archive arrives, on the node that reads the archive itself:
 * its reader reads the index first ({@link SourceReader.IndexFirst}), so each entry can be expanded
 * as soon as its bytes are final, instead of all of them after the last byte. Best effort: any
 * problem drops it, and staging expands everything as before. Used by {@link ImageBuild}'s worker
 * thread only.
 */
final class EarlyExpansion {

    private static final System.Logger LOG = System.getLogger(EarlyExpansion.class.getName());

    private final ImagePreparer preparer;
    private final NodeImageLayout layout;
    private final Path archive;
    private long indexOffset = -1;
    private byte[] index;
    private ArchiveReader reader;
    private ImageExpansion expansion;
    private boolean dropped;

    EarlyExpansion(ImagePreparer preparer, NodeImageLayout layout, Path archive) {
        this.preparer = preparer;
        this.layout = layout;
        this.archive = archive;
    }

    /** The index region at {@code offset}, as the reader read it first (not yet verified). */
    void indexRead(long offset, byte[] bytes) {
        if (index == null && !dropped) {
            indexOffset = offset;
            index = bytes;
        }
    }

    /** Expands the entries whose bytes lie in the first {@code finalBytes} of the copy. */
    void expandUpTo(long finalBytes) {
        if (index == null || dropped || finalBytes < ArchiveFormat.HEADER_SIZE) {
            return;
        }
        try {
            if (expansion == null) {
                reader = ArchiveReader.open(archive); // the header is in, the index and trailer too
                expansion = preparer.startExpansion(reader, layout);
                if (expansion == null) {
                    drop(null);
                    return;
                }
            }
            expansion.expandUpTo(Math.min(finalBytes, indexOffset));
        } catch (IOException | RuntimeException e) {
            drop(e);
        }
    }

    /** Entries expanded so far. */
    int expanded() {
        return expansion == null ? 0 : expansion.expanded();
    }

    /**
     * The whole archive is in: the expansion for staging to finish, or null when there is none or
     * the index the copy holds now is not the one read first (the archive changed in between).
     */
    ImageExpansion takeForStaging() {
        if (expansion == null || dropped) {
            return null;
        }
        try (FileChannel copy = FileChannel.open(archive, StandardOpenOption.READ)) {
            // what the sequential read wrote there
            if (!Arrays.equals(ArchiveIdentity.readAt(copy, indexOffset, index.length).array(), index)) {
                drop(null);
                return null;
            }
            return expansion;
        } catch (IOException e) {
            drop(e);
            return null;
        }
    }

    /** Removes an unfinished image and lets the mapping go. */
    void close() {
        dropped = true;
        if (expansion != null) {
            try {
                expansion.close();
            } catch (IOException e) {
                // a temporary file in the node folder, which goes with the folder
            }
            expansion = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    private void drop(Exception why) {
        if (why != null) {
            LOG.log(System.Logger.Level.DEBUG, "fanload: " + layout.root() + ": entries expanded after the last byte: "
                    + Errors.oneLine(why));
        }
        close();
    }
}
