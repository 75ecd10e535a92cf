package io.fanload.hooks.pilotrecord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one pilot rank recorded.
 *
 * @param rank       the rank number given by the launcher
 * @param node       the node the rank ran on (launcher's node id or host name)
 * @param properties provenance, in insertion order; {@link #FEATURE} is required
 * @param classPath  the class-path elements as absolute paths, in class-path order
 * @param events     lookups and loads, in first-use order
 */
public record PilotRecord(int rank, String node, Map<String, String> properties, List<String> classPath,
                          List<RecordEvent> events) {

    /** JDK feature release the pilot ran on, e.g. {@code 17}. */
    public static final String FEATURE = "jdk.feature";
    public static final String VENDOR = "jdk.vendor";
    public static final String JDK_VERSION = "jdk.version";
    public static final String OS_NAME = "os.name";
    public static final String OS_ARCH = "os.arch";
    /** The rank's command line, as the user gave it to launch. */
    public static final String COMMAND = "command";
    /** The class path as given (before resolution into {@link #classPath()}). */
    public static final String CLASS_PATH = "class.path";
    public static final String LIBRARY_PATH = "library.path";
    /** For each element of {@link #CLASS_PATH} in order, the origin it resolved to, or -1; comma-separated. */
    public static final String CLASS_PATH_ORIGINS = "class.path.origins";

    public PilotRecord {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        classPath = List.copyOf(classPath);
        events = List.copyOf(events);
    }

    /** The JDK feature release, or -1 if the record does not say. */
    public int feature() {
        String value = properties.get(FEATURE);
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
