package io.aeserve.model;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What scoring needs from the training rows: the Gaussian of their codes, the reference codes of the nearest
 * neighbour score, and the sorted distribution of each score over them (for thresholds and percentile ranks).
 * Versions written before a score existed lack it.
 */
public final class ScoreStatistics {

    private final LatentGaussian latent;
    private final CodeNeighbors neighbors;
    private final Map<ScoreKind, float[]> sorted;
    private final double[] reconstructionMoments;
    private final double[] latentMoments;

    /**
     * @param latent the Gaussian of the training codes, or null
     * @param neighbors the reference codes of the {@code knn} score, or null; needs {@code latent}
     * @param sorted the training distribution of each score; those whose statistics are missing are dropped
     */
    public ScoreStatistics(LatentGaussian latent, CodeNeighbors neighbors, Map<ScoreKind, float[]> sorted) {
        this.latent = latent;
        this.neighbors = neighbors;
        this.sorted = new EnumMap<>(sorted);
        if (latent == null) {
            this.sorted.keySet().removeAll(List.of(ScoreKind.LATENT, ScoreKind.COMBINED, ScoreKind.KNN));
        }
        if (neighbors == null) {
            this.sorted.remove(ScoreKind.KNN);
        }
        if (!this.sorted.containsKey(ScoreKind.LATENT)) {
            // combined is standardised by the latent distribution's moments
            this.sorted.remove(ScoreKind.COMBINED);
        }
        this.reconstructionMoments = moments(sorted.get(ScoreKind.RECONSTRUCTION));
        this.latentMoments = moments(sorted.get(ScoreKind.LATENT));
    }

    /**
     * Fits the statistics of the training rows: their errors, codes of the given width and, when the model has
     * them, KL terms and structural errors (null otherwise).
     */
    public static ScoreStatistics fit(float[] errors, float[] codes, int codeWidth, float[] kl, float[] structural,
            int inputWidth) {
        int rows = errors.length;
        Map<ScoreKind, float[]> scores = new EnumMap<>(ScoreKind.class);
        scores.put(ScoreKind.RECONSTRUCTION, errors);
        LatentGaussian latent = null;
        CodeNeighbors neighbors = null;
        if (codeWidth <= LatentGaussian.MAX_DIMENSION && rows > 1) {
            latent = LatentGaussian.fit(codes, rows, codeWidth);
            scores.put(ScoreKind.LATENT, latent.distances(codes, rows));
            if (rows > CodeNeighbors.K) {
                neighbors = new CodeNeighbors(CodeNeighbors.sample(codes, rows, codeWidth), latent);
                scores.put(ScoreKind.KNN, neighbors.leaveOneOut());
            }
        }
        ScoreStatistics unsorted = new ScoreStatistics(latent, neighbors, scores);
        if (latent != null) {
            scores.put(ScoreKind.COMBINED, unsorted.combined(errors, scores.get(ScoreKind.LATENT)));
        }
        if (kl != null) {
            scores.put(ScoreKind.ELBO, elbo(errors, kl, inputWidth));
        }
        if (structural != null) {
            scores.put(ScoreKind.STRUCTURAL, structural);
        }
        scores.replaceAll((kind, values) -> {
            float[] copy = values.clone();
            Arrays.sort(copy);
            return copy;
        });
        return new ScoreStatistics(latent, neighbors, scores);
    }

    public LatentGaussian latent() {
        return latent;
    }

    public CodeNeighbors neighbors() {
        return neighbors;
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
            case KNN -> neighbors.distances(result.codes(), result.errors().length);
            case STRUCTURAL -> result.structural();
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
