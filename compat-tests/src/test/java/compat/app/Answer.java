package compat.app;

/** A class on the class path that scripts and compiled code call: proves they resolved the class path. */
public final class Answer {
    private Answer() {
    }

    public static int value() {
        return 42;
    }
}
