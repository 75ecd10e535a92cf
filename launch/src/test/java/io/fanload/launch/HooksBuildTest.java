package io.fanload.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HooksBuildTest {

    @TempDir
    Path tmp;

    private Path jar(String name, String... entries) throws IOException {
        Path jar = tmp.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
                zip.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void ranksOnJdk22OrLaterAreWarnedWhenLoaderHooksLacksItsJdk22Mapping() throws IOException {
        Path built17 = jar("built-on-17.jar", "io/fanload/hooks/archive/ArchiveMapping.class");
        Path built25 = jar("built-on-25.jar", "io/fanload/hooks/archive/ArchiveMapping.class", HooksBuild.JDK22_MAPPING);

        Optional<String> warning = HooksBuild.slowMappingWarning(25, built17);
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("JDK 25") && warning.get().contains("build fanload on JDK 22 or later"),
                warning.get());
        assertTrue(HooksBuild.slowMappingWarning(22, built17).isPresent());
        assertEquals(Optional.empty(), HooksBuild.slowMappingWarning(21, built17), "no JDK 22+ mapping to miss");
        assertEquals(Optional.empty(), HooksBuild.slowMappingWarning(17, built17));
        assertEquals(Optional.empty(), HooksBuild.slowMappingWarning(25, built25));
    }

    @Test
    void aClassesFolderIsJudgedByItsSegmentMappingClass() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        assertTrue(HooksBuild.slowMappingWarning(25, classes).isPresent());
        Path mapping = classes.resolve(HooksBuild.JDK22_MAPPING);
        Files.createDirectories(mapping.getParent());
        Files.write(mapping, new byte[] {(byte) 0xCA, (byte) 0xFE});
        assertEquals(Optional.empty(), HooksBuild.slowMappingWarning(25, classes));
    }

    @Test
    void thisReactorBuiltOnJdk22OrLaterCarriesTheMapping() {
        // The tests run on the JDK that built loader-hooks: on JDK 22+ its jdk22-classes profile must
        // have compiled the mapping, or every JDK 25 job of such a build would be warned.
        int feature = Runtime.version().feature();
        if (feature >= 22) {
            assertEquals(Optional.empty(), HooksBuild.slowMappingWarning(feature, RankCommands.hooksLocation()),
                    RankCommands.hooksLocation().toString());
        }
    }
}
