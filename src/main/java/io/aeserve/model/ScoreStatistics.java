package io.aeserve.model;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What scoring needs from the training rows: the Gaussian of their codes, and the sorted distribution of each
 * score over them (for thresholds and percentile ranks). Versions written before a score existed lack it.
 */
public final class ScoreStatistics {

    private final LatentGaussian latent;
    private final Map<ScoreKind, float[]> sorted;
    private final double[] reconstructionMoments;
    private final double[] latentMoments;

    public ScoreStatistics(LatentGaussian latent, Map<ScoreKind, float[]> sorted) {
        this.latent = latent;
        this.sorted = new EnumMap<>(sorted);
        this.reconstructionMoments = moments(sorted.get(ScoreKind.RECONSTRUCTION));
        this.latentMoments = moments(sorted.get(ScoreKind.LATENT));
    }

    /** Fits the statistics of the training rows: their errors, codes of the given width and, if any, KL terms. */
    public static ScoreStatistics fit(float[] errors, float[] codes, int codeWidth, float[] kl, int inputWidth) {
        int rows = errors.length;
        Map<ScoreKind, float[]> scores = new EnumMap<>(ScoreKind.class);
        scores.put(ScoreKind.RECONSTRUCTION, errors);
        LatentGaussian latent = null;
        if (codeWidth <= LatentGaussian.MAX_DIMENSION && rows > 1) {
            latent = LatentGaussian.fit(codes, rows, codeWidth);
            scores.put(ScoreKind.LATENT, latent.distances(codes, rows));
        }
        ScoreStatistics unsorted = new ScoreStatistics(latent, scores);
        if (latent != null) {
            scores.put(ScoreKind.COMBINED, unsorted.combined(errors, scores.get(ScoreKind.LATENT)));
        }
        if (kl != null) {
            scores.put(ScoreKind.ELBO, elbo(errors, kl, inputWidth));
        }
        scores.replaceAll((kind, values) -> {
            float[] copy = values.clone();
            Arrays.sort(copy);
            return copy;
        });
        return new ScoreStatistics(latent, scores);
    }

    public LatentGaussian latent() {
        return latent;
    }

    /** The sorted training scores of each kind this version has. */
    public Map<ScoreKind, float[]> sorted() {
        return sorted;
    }

    public boolean has(ScoreKind kind) {
        return sorted.containsKey(kind);
    }

    public float[] training(ScoreKind kind) {
        return sorted.get(kind);
    }

    /** Each row's score of the given kind; the caller checks {@link #has} first. */
    public float[] scores(ScoreKind kind, LoadedModel.Reconstructed result, int inputWidth) {
        return switch (kind) {
            case RECONSTRUCTION -> result.errors();
            case LATENT -> latent.distances(result.codes(), result.errors().length);
            case COMBINED -> combined(result.errors(), latent.distances(result.codes(), result.errors().length));
            case ELBO -> elbo(result.errors(), result.kl(), inputWidth);
        };
    }

    private float[] combined(float[] errors, float[] distances) {
        float[] combined = new float[errors.length];
        for (int i = 0; i < combined.length; i++) {
            combined[i] = (float) ((errors[i] - reconstructionMoments[0]) / reconstructionMoments[1]
                    + (distances[i] - latentMoments[0]) / latentMoments[1]);
        }
        return combined;
    }

    private static float[] elbo(float[] errors, float[] kl, int inputWidth) {
        float[] elbo = new float[errors.length];
        for (int i = 0; i < elbo.length; i++) {
            elbo[i] = errors[i] * inputWidth + kl[i];
        }
        return elbo;
    }

    /** {mean, standard deviation} (at least a tiny positive number), or null without values. */
    public static double[] moments(float[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (float v : values) {
            variance += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.max(Math.sqrt(variance / values.length), 1e-12)};
    }
}
