package compat.probe;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** JNA calling libc: its dispatch library comes out of its own jar. */
public final class JnaProbe {
    private JnaProbe() {
    }

    /** The part of libc the probe calls. */
    public interface CLibrary extends Library {
        int strlen(String text);

        int abs(int value);
    }

    public static void main(String[] args) {
        CLibrary c = Native.load("c", CLibrary.class);
        System.out.println("jna: strlen=" + c.strlen("fanload") + " abs=" + c.abs(-42));
    }
}
