package io.fanload.bench.control;

import java.util.Locale;

/**
 * What one simulated agent saw, in ms since the storm's start (-1: never): its connection up, the
 * handshake done, registered (Expect or Assign), placed (Assign), Ready sent; the Reparents it got
 * and how many named a dead node; why it was refused, if it was. One line of {@link SimAgentsMain}'s
 * output.
 */
public record AgentRecord(int index, double activeMs, double authMs, double registeredMs, double placedMs,
                          double readyMs, int reparents, int reparentsToDead, String refusal) {

    public static AgentRecord of(SimAgent a) {
        return new AgentRecord(a.index, ms(a.activeAt), ms(a.authAt), ms(a.registeredAt), ms(a.placedAt),
                ms(a.readyAt), a.reparents, a.reparentsToDead, a.refusal == null ? "-" : a.refusal.replace(' ', '_'));
    }

    private static double ms(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    public String line() {
        return String.format(Locale.ROOT, "agent %d %.3f %.3f %.3f %.3f %.3f %d %d %s", index, activeMs, authMs,
                registeredMs, placedMs, readyMs, reparents, reparentsToDead, refusal);
    }

    public static AgentRecord parse(String line) {
        String[] f = line.split(" ", 10);
        return new AgentRecord(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]),
                Integer.parseInt(f[8]), f[9]);
    }

    public boolean placed() {
        return placedMs >= 0;
    }
}
