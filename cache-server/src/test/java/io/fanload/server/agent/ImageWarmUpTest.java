package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image warm-up builds a real small image through the agent's image path and leaves nothing behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImageWarmUpTest {

    @Test
    void buildsAReadyImageAndRemovesItsFolder() throws IOException {
        List<Path> before = warmUpFolders();
        assertTrue(ImageWarmUp.run(ImagePreparer.NODE_IMAGE));
        assertEquals(before, warmUpFolders());
    }

    @Test
    void anAgentThatBuildsNoImageWarmsNothing() throws Exception {
        assertFalse(ImageWarmUp.startOnce(ImagePreparer.ARCHIVE_ONLY).get(10, TimeUnit.SECONDS));
    }

    private static List<Path> warmUpFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // this JVM's only: agents of other jobs on the machine warm up at the same time
            String mine = ImageWarmUp.FOLDER_PREFIX + ProcessHandle.current().pid() + "-";
            return s.filter(p -> p.getFileName().toString().startsWith(mine)).sorted().toList();
        }
    }
}
