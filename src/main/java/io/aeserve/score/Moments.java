package io.aeserve.score;

/**
 * The mean and standard deviation of some values; the deviation is at least a tiny positive number, so dividing
 * by it is safe.
 */
public record Moments(double mean, double deviation) {

    /** The moments of the values; there must be some. */
    public static Moments of(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (float v : values) {
            variance += (v - mean) * (v - mean);
        }
        return new Moments(mean, Math.max(Math.sqrt(variance / values.length), 1e-12));
    }
}
