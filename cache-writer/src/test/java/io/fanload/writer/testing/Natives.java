package io.fanload.writer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real shared objects built with gcc in a test's temporary folder. */
public final class Natives {

    private Natives() {
    }

    /** Builds {@code dir/fileName} from {@code source}, with a DT_SONAME and linked against {@code libs} (in dir). */
    public static Path sharedObject(Path dir, String fileName, String soname, String source, String... libs)
            throws IOException, InterruptedException {
        Path c = dir.resolve(fileName + ".c");
        Files.writeString(c, source);
        List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-o", dir.resolve(fileName).toString(),
                c.toString()));
        if (soname != null) {
            command.add("-Wl,-soname," + soname);
        }
        if (libs.length > 0) {
            command.add("-L" + dir);
            for (String lib : libs) {
                command.add("-l" + lib);
            }
        }
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc failed: " + output);
        }
        return dir.resolve(fileName);
    }
}
