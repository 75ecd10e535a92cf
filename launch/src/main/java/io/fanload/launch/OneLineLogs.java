package io.fanload.launch;

/**
 * launch's own JVM runs the coordinator, whose System.Logger messages (a node fell back, lost its
 * parent, became a reader) reach the JDK's logging. Its default format takes two lines, a time stamp
 * and the logging class, then the message: among launch's {@code fanload: ...} lines that reads as
 * a crash. One line with the message alone says the same thing in launch's own style.
 */
final class OneLineLogs {

    static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private OneLineLogs() {
    }

    /** Before any logger exists (the formatter reads the format once); a user's own format stays. */
    static void install() {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, "%5$s%6$s%n");
        }
    }
}
