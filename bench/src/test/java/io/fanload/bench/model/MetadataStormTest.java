package io.fanload.bench.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetadataStormTest {

    /** Poisson arrivals into the FIFO server: the mean wait must be M/D/1's rho*s / (2(1-rho)). */
    @Test
    void fifoServerReproducesMD1() {
        for (double rho : new double[] {0.5, 0.8}) {
            double s = 1e-3;
            double lambda = rho / s;
            FifoServer server = new FifoServer(s);
            SplittableRandom random = new SplittableRandom(11);
            double t = 0;
            double waited = 0;
            int n = 400_000;
            for (int i = 0; i < n; i++) {
                t += -Math.log(1 - random.nextDouble()) / lambda;
                waited += server.serve(t) - s - t;
            }
            double expected = rho * s / (2 * (1 - rho));
            assertEquals(expected, waited / n, expected * 0.05, "M/D/1 wait at rho=" + rho);
            assertEquals(rho, server.busySeconds() / t, 0.02, "utilisation");
        }
    }

    @Test
    void fifoServerRefusesArrivalsOutOfOrder() {
        FifoServer server = new FifoServer(1);
        server.serve(5);
        assertThrows(IllegalStateException.class, () -> server.serve(4));
    }

    @Test
    void oneClientPaysServiceRoundTripAndThinkPerOperation() {
        MetadataStorm.Outcome o = MetadataStorm.run(1, 100, 0.001, 0.0005, 0.002, 1);
        assertEquals(100 * (0.001 + 0.0005 + 0.002), o.lastFinish(), 1e-9);
        assertEquals(100, o.operations());
    }

    /** No latency and no think time: the server is never idle, the last client ends at N*n*s. */
    @Test
    void saturatedServerEndsAtTotalWork() {
        MetadataStorm.Outcome o = MetadataStorm.run(50, 40, 0.002, 0, 0, 1);
        assertEquals(50 * 40 * 0.002, o.lastFinish(), 1e-9);
        assertEquals(o.lastFinish(), o.serverBusySeconds(), 1e-9);
    }

    /** Many clients against a slow server: throughput-bound, N*n*s plus at most one round. */
    @Test
    void manyClientsApproachTheThroughputBound() {
        int clients = 400;
        int ops = 50;
        double s = 1e-4;
        double rtt = 1e-3;
        double think = 2e-3;
        MetadataStorm.Outcome o = MetadataStorm.run(clients, ops, s, rtt, think, 1);
        double bound = clients * ops * s;
        assertTrue(o.lastFinish() >= bound, "never faster than the server's rate");
        assertTrue(o.lastFinish() <= bound + s * clients + rtt + think + 1e-9, "one round over the bound at most: " + o.lastFinish());
    }

    /** Few clients against a fast server: latency-bound, almost no queueing. */
    @Test
    void fewClientsAreLatencyBound() {
        MetadataStorm.Outcome o = MetadataStorm.run(4, 200, 1e-5, 1e-3, 1e-3, 1);
        double alone = 200 * (1e-5 + 1e-3 + 1e-3);
        assertTrue(o.lastFinish() >= alone - 1e-12);
        assertTrue(o.lastFinish() <= alone * 1.03, "queueing under 3 %: " + o.lastFinish() / alone);
    }

    /** Grouping operations (to bound the events at 24,000 ranks) changes the answer by under 3 %. */
    @Test
    void groupedSimulationMatchesTheExactOne() {
        double[][] cases = {{300, 100, 2e-4, 3e-4, 1e-3}, {20, 500, 1e-5, 5e-4, 2e-4}, {100, 200, 1e-4, 1e-3, 5e-3}};
        for (double[] c : cases) {
            double exact = MetadataStorm.run((int) c[0], (int) c[1], c[2], c[3], c[4], 1).lastFinish();
            double grouped = MetadataStorm.run((int) c[0], (int) c[1], c[2], c[3], c[4], 10).lastFinish();
            assertEquals(exact, grouped, exact * 0.03, "clients=" + c[0]);
        }
        assertEquals(24, MetadataStorm.groupFor(24_000, 5_000, 5_000_000));
    }
}
