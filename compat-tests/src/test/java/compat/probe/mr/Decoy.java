package compat.probe.mr;

/** Its bytes stand in the base entry for Version.class: serving the base version fails to define. */
public final class Decoy {
    private Decoy() {
    }
}
