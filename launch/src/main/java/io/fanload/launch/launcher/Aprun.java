package io.fanload.launch.launcher;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Cray ALPS aprun: {@code -N} ranks per node; passes its environment; ranks read ALPS_APP_PE. */
final class Aprun extends SiteLauncher {

    @Override
    public String name() {
        return "aprun";
    }

    @Override
    List<String> prefix(Step step) {
        return List.of("aprun", "-n", Integer.toString(step.ranks()),
                "-N", Integer.toString(step.placement().maxRanksPerNode()));
    }

    /** -n, ranks per node from -N; else the PBS allocation's nodes. */
    @Override
    public JobShape shapeOf(List<String> options, Map<String, String> environment) {
        LauncherOptions line = new LauncherOptions(options);
        return JobShape.of(line.number("-n"), OptionalInt.empty(), line.number("-N"), Allocation.nodes(environment));
    }
}
