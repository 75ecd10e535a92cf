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
}
