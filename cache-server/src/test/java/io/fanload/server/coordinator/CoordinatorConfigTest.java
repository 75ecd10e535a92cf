package io.fanload.server.coordinator;

import io.fanload.server.auth.Secret;
import io.fanload.server.tree.TreeShape;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The chunk a distribution uses: sized for its tree unless one is set. */
class CoordinatorConfigTest {

    private static CoordinatorConfig config(int nodes, long bytes) {
        return new CoordinatorConfig().secret(Secret.generate())
                .source(Path.of("/pfs/app.fanload"), new TransferSpec(bytes, new byte[32], bytes)).expectedNodes(nodes);
    }

    @Test
    void theDefaultChunkFollowsTheTreesDepth() {
        assertEquals(1 << 20, config(4, 64L << 20).chunkSize());
        assertEquals(256 << 10, config(16, 64L << 20).chunkSize(), "a 16-node chain");
        assertEquals(1 << 20, config(16, 64L << 20).shape(TreeShape.BINARY).chunkSize(), "depth 3 as a binary tree");
        config(16, 64L << 20).validate();
    }

    @Test
    void aChunkSetByHandIsKeptAndChecked() {
        assertEquals(4 << 20, config(16, 64L << 20).chunkSize(4 << 20).chunkSize());
        assertThrows(IllegalArgumentException.class, () -> config(4, 64L << 20).chunkSize(1024).validate());
    }
}
