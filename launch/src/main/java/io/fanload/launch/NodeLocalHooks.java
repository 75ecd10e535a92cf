package io.fanload.launch;

import io.fanload.hooks.image.NodeImageLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Ranks start their JVM from a node-local copy of loader-hooks, so nothing they load before main
 * comes from the shared file system. The copy is placed before the image's READY marker, so a rank
 * that sees READY finds it. (In tests loader-hooks is a classes folder, used where it is.)
 */
final class NodeLocalHooks {

    private NodeLocalHooks() {
    }

    /** What the node-local folder must hold before READY (the agent's --with-file): loader-hooks' jar, when it is one. */
    static List<Path> files() {
        Path hooks = RankCommands.hooksLocation();
        return Files.isRegularFile(hooks) ? List.of(hooks) : List.of();
    }

    /** Where a rank on a node with {@code layout} finds loader-hooks. */
    static Path location(NodeImageLayout layout) {
        Path hooks = RankCommands.hooksLocation();
        return Files.isRegularFile(hooks) ? layout.root().resolve(hooks.getFileName()) : hooks;
    }
}
