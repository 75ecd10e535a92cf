package io.fanload.server.launch;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.agent.ImagePreparer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Ranks start their JVM from a node-local copy of loader-hooks, so nothing they load before main
 * comes from the shared file system. The copy is placed before the image's READY marker, so a rank
 * that sees READY finds it. (In tests loader-hooks is a classes folder, used where it is.)
 */
final class NodeLocalHooks {

    static final String JAR_NAME = "loader-hooks.jar";

    private NodeLocalHooks() {
    }

    /** The node image, preceded by the copy of loader-hooks. */
    static ImagePreparer preparer() {
        return (archive, layout) -> {
            copyInto(layout);
            ImagePreparer.NODE_IMAGE.prepare(archive, layout);
        };
    }

    /** Where a rank on a node with {@code layout} finds loader-hooks. */
    static Path location(NodeImageLayout layout) {
        return Files.isRegularFile(RankCommands.hooksLocation()) ? layout.root().resolve(JAR_NAME)
                : RankCommands.hooksLocation();
    }

    private static void copyInto(NodeImageLayout layout) throws IOException {
        Path hooks = RankCommands.hooksLocation();
        if (Files.isRegularFile(hooks)) {
            Path temp = layout.root().resolve(JAR_NAME + ".tmp");
            Files.copy(hooks, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, layout.root().resolve(JAR_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
