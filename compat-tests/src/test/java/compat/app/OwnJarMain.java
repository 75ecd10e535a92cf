package compat.app;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Opens its own code-source jar as a zip file system, as Groovy 4 does with its jar, and reads it. */
public final class OwnJarMain {
    private OwnJarMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(OwnJarMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (FileSystem zip = FileSystems.newFileSystem(jar); Stream<Path> files = Files.walk(zip.getPath("/compat"))) {
            System.out.println("own jar " + jar.getFileName());
            files.filter(Files::isRegularFile).sorted().forEach(file -> System.out.println("  " + file));
            System.out.println(Files.readString(zip.getPath("/compat/app/own.txt")));
        }
    }
}
