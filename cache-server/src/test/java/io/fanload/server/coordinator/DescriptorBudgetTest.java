package io.fanload.server.coordinator;

import io.fanload.server.auth.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A coordinator that could not open a connection per agent refuses to start, naming the limit. */
class DescriptorBudgetTest {

    @Test
    void aJobThatFitsPassesAndOneThatDoesNotSaysWhatToRaise() {
        assertNull(DescriptorBudget.shortfall(10_000, 1_048_576, 40));
        assertNull(DescriptorBudget.shortfall(3_000, 4_096, 40), "4,096 files hold 3,000 agents");
        String s = DescriptorBudget.shortfall(10_000, 4_096, 40);
        assertTrue(s.contains("10000 nodes") && s.contains("may open 4096") && s.contains("ulimit -Hn"), s);
        assertNull(DescriptorBudget.shortfall(10_000, -1, -1), "limits unknown: not checked");
    }

    @Test
    void theRealCoordinatorRefusesMoreAgentsThanItsProcessMayOpenFiles(@TempDir Path dir) throws IOException {
        long max = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        Path archive = Files.write(dir.resolve("archive.bin"), new byte[4096]);
        CoordinatorConfig config = new CoordinatorConfig().secret(Secret.generate())
                .source(archive, TransferSpec.ofFile(archive, 4096)).bind(new InetSocketAddress("127.0.0.1", 0))
                .expectedNodes((int) Math.min(Integer.MAX_VALUE, max + 1));
        IOException refused = assertThrows(IOException.class, () -> Coordinator.start(config).close());
        assertTrue(refused.getMessage().contains("ulimit"), refused.getMessage());
    }
}
