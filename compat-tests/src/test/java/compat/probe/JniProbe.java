package compat.probe;

/** Calls a JNI library built by the test with gcc; the library needs another one (DT_NEEDED). */
public final class JniProbe {
    private JniProbe() {
    }

    static native int answer();

    public static void main(String[] args) {
        System.loadLibrary("fanloadprobe");
        System.out.println("answer: " + answer());
    }
}
