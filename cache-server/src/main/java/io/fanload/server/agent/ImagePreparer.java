package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.image.ImageExpansion;
import io.fanload.writer.image.NodeImages;
import io.fanload.writer.image.StreamingCopies;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What an agent does with a received archive before it reports ready: {@link #stage} as soon as the
 * last byte arrived (the digest may still be running), then {@link Staged#publish} once the
 * whole-archive digest matched. Only {@code publish} may make anything visible to ranks.
 */
@FunctionalInterface
public interface ImagePreparer {

    /** A staged image, waiting for the digest. */
    @FunctionalInterface
    interface Staged {
        /** The digest matched: make the image visible to the node's ranks (READY last). */
        void publish() throws IOException;
    }

    /**
     * Expands the archive into the node-local image and writes READY last (cache-writer); the
     * class-path copies are written while the archive arrives.
     */
    ImagePreparer NODE_IMAGE = new ImagePreparer() {
        @Override
        public void prepare(Path archive, NodeImageLayout layout) throws IOException {
            NodeImages.prepare(archive, layout);
        }

        @Override
        public Staged stage(Path archive, NodeImageLayout layout, boolean streamed, ImageExpansion started)
                throws IOException {
            ArchiveIdentity image = NodeImages.stage(archive, layout, streamed, started);
            return () -> NodeImages.publish(layout, image);
        }

        @Override
        public StreamingCopies whileReceiving(NodeImageLayout layout) {
            return new StreamingCopies(layout);
        }

        @Override
        public boolean expandsEntries() {
            return true;
        }
    };

    /** Keeps only the received archive (tree tests and benchmarks move opaque files). */
    ImagePreparer ARCHIVE_ONLY = (archive, layout) -> { };

    /** The whole preparation at once, for an archive whose digest is already checked. */
    void prepare(Path archive, NodeImageLayout layout) throws IOException;

    /**
     * What can be done before the digest is known, without making anything visible to ranks; the
     * default does nothing early and everything in {@code publish}. {@code streamed}: what
     * {@link #whileReceiving} returned wrote every file it had to ({@link StreamingCopies#done});
     * {@code started}: the expansion {@link #startExpansion} began (null for none), which this
     * finishes; the caller closes it.
     */
    default Staged stage(Path archive, NodeImageLayout layout, boolean streamed, ImageExpansion started)
            throws IOException {
        return () -> prepare(archive, layout);
    }

    /** Whether this preparer expands the archive's entries into a node image (the node image does). */
    default boolean expandsEntries() {
        return false;
    }

    /**
     * Starts expanding {@code archive}'s entries while its data still arrives (its index is in
     * place), or null when this preparer expands none.
     */
    default ImageExpansion startExpansion(ArchiveReader archive, NodeImageLayout layout) throws IOException {
        return expandsEntries() ? NodeImages.startExpansion(archive, layout) : null;
    }

    /** What writes files from the archive's bytes as they arrive, before {@link #stage}; null for nothing. */
    default StreamingCopies whileReceiving(NodeImageLayout layout) {
        return null;
    }

    /**
     * The node image, preceded by copies of {@code files} in the node-local folder, so a rank that
     * sees READY finds them (launch places loader-hooks' jar there: ranks start from node-local files).
     */
    static ImagePreparer nodeImageWith(java.util.List<Path> files) {
        java.util.List<Path> copies = java.util.List.copyOf(files);
        return new ImagePreparer() {
            @Override
            public StreamingCopies whileReceiving(NodeImageLayout layout) {
                return NODE_IMAGE.whileReceiving(layout);
            }

            @Override
            public void prepare(Path archive, NodeImageLayout layout) throws IOException {
                stage(archive, layout, false, null).publish();
            }

            @Override
            public boolean expandsEntries() {
                return true;
            }

            @Override
            public Staged stage(Path archive, NodeImageLayout layout, boolean streamed, ImageExpansion started)
                    throws IOException {
                for (Path file : copies) {
                    Path temp = layout.root().resolve(file.getFileName() + ".tmp");
                    java.nio.file.Files.copy(file, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    java.nio.file.Files.move(temp, layout.root().resolve(file.getFileName()),
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return NODE_IMAGE.stage(archive, layout, streamed, started);
            }
        };
    }
}
