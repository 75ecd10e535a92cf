package compat.probe.race;

/** Classes of one package for racing definePackage from many threads. */
public final class Race {
    private Race() {
    }

    public static final class R0 { }
    public static final class R1 { }
    public static final class R2 { }
    public static final class R3 { }
    public static final class R4 { }
    public static final class R5 { }
    public static final class R6 { }
    public static final class R7 { }
    public static final class R8 { }
    public static final class R9 { }
    public static final class R10 { }
    public static final class R11 { }
}
