package compat.probe;

import compat.probe.mr.Version;

import java.nio.charset.StandardCharsets;

/** A multi-release jar must give the running release's class and resource. */
public final class MultiReleaseProbe {
    private MultiReleaseProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("class: " + Version.describe());
        System.out.println("resource: " + new String(ClassLoader.getSystemResourceAsStream("compat/probe/mr/version.txt")
                .readAllBytes(), StandardCharsets.UTF_8));
    }
}
