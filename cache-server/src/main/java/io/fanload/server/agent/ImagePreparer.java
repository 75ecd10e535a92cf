package io.fanload.server.agent;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.image.NodeImages;

import java.io.IOException;
import java.nio.file.Path;

/** What an agent does with a received and verified archive before it reports ready. */
@FunctionalInterface
public interface ImagePreparer {

    /** Expands the archive into the node-local image and writes READY last (cache-writer). */
    ImagePreparer NODE_IMAGE = (archive, layout) -> NodeImages.prepare(archive, layout);

    /** Keeps only the received archive (tree tests and benchmarks move opaque files). */
    ImagePreparer ARCHIVE_ONLY = (archive, layout) -> { };

    void prepare(Path archive, NodeImageLayout layout) throws IOException;

    /**
     * The node image, preceded by copies of {@code files} in the node-local folder, so a rank that
     * sees READY finds them (launch places loader-hooks' jar there: ranks start from node-local files).
     */
    static ImagePreparer nodeImageWith(java.util.List<Path> files) {
        java.util.List<Path> copies = java.util.List.copyOf(files);
        return (archive, layout) -> {
            for (Path file : copies) {
                Path temp = layout.root().resolve(file.getFileName() + ".tmp");
                java.nio.file.Files.copy(file, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                java.nio.file.Files.move(temp, layout.root().resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            NODE_IMAGE.prepare(archive, layout);
        };
    }
}
