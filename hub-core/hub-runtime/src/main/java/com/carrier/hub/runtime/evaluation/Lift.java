package com.carrier.hub.runtime.evaluation;

import org.apache.commons.math3.distribution.NormalDistribution;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Lift of treatment over control with its significance: absolute lift (difference of conversion rates), relative
 * lift (difference over the control rate), the two-proportion z statistic with the pooled rate, its two-sided
 * p-value, and the Wald confidence interval of the difference. A figure that cannot be computed is null with the
 * reason in {@code notMeasurable} — never NaN.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lift(Double absolute, Double relative, Double z, Double pValue, Double ciLow, Double ciHigh,
                   Double confidence, String notMeasurable) {

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    /** Default confidence of the interval. */
    public static final double CONFIDENCE = 0.95;

    /** Lift of {@code convertedT} of {@code nT} treatment customers over {@code convertedC} of {@code nC} control. */
    public static Lift of(long convertedT, long nT, long convertedC, long nC) {
        if (nC == 0) {
            return new Lift(null, null, null, null, null, null, null, "control group is empty");
        }
        if (nT == 0) {
            return new Lift(null, null, null, null, null, null, null, "treatment group is empty");
        }
        double pT = (double) convertedT / nT;
        double pC = (double) convertedC / nC;
        double diff = pT - pC;
        Double relative = pC > 0 ? diff / pC : null;
        double pooled = (double) (convertedT + convertedC) / (nT + nC);
        double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / nT + 1.0 / nC));
        double seWald = Math.sqrt(pT * (1 - pT) / nT + pC * (1 - pC) / nC);
        double zCrit = STANDARD.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        Double z = null;
        Double p = null;
        String reason = relative == null ? "control conversion is zero: relative lift not measurable" : null;
        if (sePooled > 0) {
            z = diff / sePooled;
            // 2·Φ(−|z|) rather than 2·(1−Φ(|z|)): no cancellation for large |z|.
            p = Math.min(1.0, 2 * STANDARD.cumulativeProbability(-Math.abs(z)));
        } else {
            reason = "no conversions in either group (or all converted): significance not measurable";
        }
        return new Lift(diff, relative, z, p, diff - zCrit * seWald, diff + zCrit * seWald, CONFIDENCE, reason);
    }
}
