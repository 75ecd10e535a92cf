package io.fanload.hooks.source;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoaderSettingsTest {

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void readsEveryProperty() {
        LoaderSettings s = LoaderSettings.from(properties("fanload.mode", "serve", "fanload.classpath", "/a.jar:/b",
                "fanload.image", "/dev/shm/f", "fanload.strict", "true", "fanload.rank", "12", "fanload.node", "n7",
                "fanload.counters", "/dev/shm/f/c", "fanload.command", "java Main", "fanload.library.path", "/lib/x"), Map.of());
        assertEquals(Mode.SERVE, s.mode());
        assertEquals(List.of("/a.jar", "/b"), s.classPathElements());
        assertEquals(Path.of("/dev/shm/f"), s.image());
        assertTrue(s.strict());
        assertEquals(12, s.rank());
        assertEquals("n7", s.node());
        assertEquals(Path.of("/dev/shm/f/c"), s.counters());
        assertEquals("java Main", s.command());
        assertEquals("/lib/x", s.libraryPath());
    }

    @Test
    void takesTheRankFromTheLauncherWhenNotGiven() {
        Properties p = properties("fanload.classpath", "a.jar");
        assertEquals(5, LoaderSettings.from(p, Map.of("SLURM_PROCID", "5")).rank());
        assertEquals(9, LoaderSettings.from(p, Map.of("PMI_RANK", "9")).rank());
        // MPICH's Hydra inside a Slurm allocation: its proxy's SLURM_PROCID must not name the rank.
        assertEquals(9, LoaderSettings.from(p, Map.of("SLURM_PROCID", "1", "PMI_RANK", "9")).rank());
        // The local launcher's simulated nodes.
        assertEquals(6, LoaderSettings.from(p, Map.of("FANLOAD_RANK", "6", "SLURM_PROCID", "0")).rank());
        assertEquals(3, LoaderSettings.from(p, Map.of("OMPI_COMM_WORLD_RANK", "3")).rank());
        // mpirun inside a Slurm allocation: its daemon's SLURM_PROCID must not name the rank.
        assertEquals(7, LoaderSettings.from(p, Map.of("SLURM_PROCID", "1", "OMPI_COMM_WORLD_RANK", "7", "PMIX_RANK", "7")).rank());
        assertEquals(0, LoaderSettings.from(p, Map.of()).rank());
        assertEquals(Mode.PLAIN, LoaderSettings.from(p, Map.of()).mode());
        assertFalse(LoaderSettings.from(p, Map.of()).strict());
    }

    @Test
    void refusesIncompleteSettingsWithOneLine() {
        assertEquals("fanload.classpath is not set: give the application's class path to the loader",
                assertThrows(IllegalArgumentException.class, () -> LoaderSettings.from(properties(), Map.of())).getMessage());
        assertEquals("fanload.mode=record needs fanload.pilot.dir", assertThrows(IllegalArgumentException.class,
                () -> LoaderSettings.from(properties("fanload.mode", "record", "fanload.classpath", "a"), Map.of())).getMessage());
        assertEquals("fanload.mode=serve needs fanload.image", assertThrows(IllegalArgumentException.class,
                () -> LoaderSettings.from(properties("fanload.mode", "serve", "fanload.classpath", "a"), Map.of())).getMessage());
        assertEquals("fanload.mode=fast is not one of record, serve, plain", assertThrows(IllegalArgumentException.class,
                () -> LoaderSettings.from(properties("fanload.mode", "fast", "fanload.classpath", "a"), Map.of())).getMessage());
        assertEquals("rank 'x' is not a number", assertThrows(IllegalArgumentException.class,
                () -> LoaderSettings.from(properties("fanload.classpath", "a", "fanload.rank", "x"), Map.of())).getMessage());
    }
}
