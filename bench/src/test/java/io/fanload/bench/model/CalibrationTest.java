package io.fanload.bench.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CalibrationTest {

    private static final Calibration.App APP = new Calibration.App(900, 0, 230, 9_500_000);

    /** Points made by the model with known parameters: the fit must find them again. */
    @Test
    void fitRecoversTheParametersThatMadeThePoints() {
        Calibration c = new Calibration(APP);
        double s0 = 200e-6;
        double vanillaCpu = 0.5;
        double servedCpu = 0.4;
        double agent = 1.0;
        List<Calibration.Point> vanilla = new ArrayList<>();
        List<Calibration.Point> served = new ArrayList<>();
        for (double delay : new double[] {300e-6, 2e-3}) {
            for (int r : new int[] {1, 2, 4, 8}) {
                Calibration.Point shape = new Calibration.Point(delay, r, Math.min(r, 4), 0);
                double v = new StartupModel(c.testbed(shape, s0, vanillaCpu, 0, 0, 1.5)).vanilla(r).total();
                double f = new StartupModel(c.testbed(shape, s0, 0, servedCpu, agent, 2.0)).fanload(r).total();
                vanilla.add(new Calibration.Point(delay, r, Math.min(r, 4), v));
                served.add(new Calibration.Point(delay, r, Math.min(r, 4), f));
            }
        }
        Calibration.Fit fit = c.fit(vanilla, served, 8);
        assertEquals(s0, fit.s0(), 1e-9);
        assertEquals(vanillaCpu, fit.vanillaCpu(), 0.026);
        assertEquals(1.5, fit.vanillaFixed(), 0.05);
        assertEquals(servedCpu, fit.servedCpu(), 0.026);
        assertEquals(agent, fit.agentSeconds(), 0.051);
        assertEquals(2.0, fit.servedFixed(), 0.05);
        assertEquals(0, fit.vanillaError(), 0.01);
        for (Calibration.Prediction p : c.predictVanilla(fit, vanilla)) {
            assertEquals(1.0, p.ratio(), 0.01, "R=" + p.point().ranks());
        }
    }
}
