package io.fanload.launch.launcher;

import java.util.List;

/** Cray ALPS aprun: {@code -N} ranks per node; passes its environment; ranks read ALPS_APP_PE. */
final class Aprun extends SiteLauncher {

    @Override
    public String name() {
        return "aprun";
    }

    @Override
    List<String> prefix(Step step, Step.NodeProgram program) {
        return List.of("aprun", "-n", Integer.toString(step.ranks()),
                "-N", Integer.toString(step.placement().maxRanksPerNode()));
    }
}
