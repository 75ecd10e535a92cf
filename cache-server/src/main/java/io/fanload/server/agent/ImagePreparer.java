package io.fanload.server.agent;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.image.NodeImages;
import io.fanload.writer.image.StreamingCopies;

import java.io.IOException;
import java.nio.file.Path;

/** What an agent does with a received and verified archive before it reports ready. */
@FunctionalInterface
public interface ImagePreparer {

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
        public StreamingCopies whileReceiving(NodeImageLayout layout) {
            return new StreamingCopies(layout);
        }
    };

    /** Keeps only the received archive (tree tests and benchmarks move opaque files). */
    ImagePreparer ARCHIVE_ONLY = (archive, layout) -> { };

    void prepare(Path archive, NodeImageLayout layout) throws IOException;

    /** What writes files from the archive's bytes as they arrive, before {@link #prepare}; null for nothing. */
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
            for (Path file : copies) {
                Path temp = layout.root().resolve(file.getFileName() + ".tmp");
                java.nio.file.Files.copy(file, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                java.nio.file.Files.move(temp, layout.root().resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            NODE_IMAGE.prepare(archive, layout);
            }
        };
    }
}
