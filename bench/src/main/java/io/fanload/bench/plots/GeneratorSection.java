package io.fanload.bench.plots;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** §1 of docs/perf/bench.md (generator.mustache): the generator's timings per preset, from generator-PRESET.properties. */
final class GeneratorSection {

    static final List<String> PRESETS = List.of("pynamic", "large");

    private final Results results;

    GeneratorSection(Results results) {
        this.results = results;
    }

    Map<String, Object> values() throws IOException {
        Table t = new Table("preset", "classes", "jars", "jars, MB", "JNI libraries, MB", "sources", "javac", "jars",
                "gcc", "total (wall, JVM included)");
        for (String preset : PRESETS) {
            Properties p = results.properties("generator-" + preset);
            if (p.isEmpty()) {
                continue;
            }
            t.row(preset, p.getProperty("classes"), p.getProperty("jars"), Format.mb(p, "jarBytes"), Format.mb(p, "nativeBytes"),
                    Format.ms(p, "sourcesMs"), Format.ms(p, "javacMs"), Format.ms(p, "jarsMs"), Format.ms(p, "gccMs"),
                    p.getProperty("wall_s", "–") + " s");
        }
        return Map.of("table", t.markdown());
    }
}
