package compat.probe.mr;

/** Stored only under META-INF/versions/9/ of the test's multi-release jar. */
public final class Version {
    private Version() {
    }

    public static String describe() {
        return "versioned class";
    }
}
