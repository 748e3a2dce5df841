package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The reconstruction and latent scores, each standardised by its training mean and deviation, summed. */
final class CombinedScore implements AnomalyScore {

    private static final String RECONSTRUCTION = "reconstruction";
    private static final String LATENT = "latent";

    @Override
    public String name() {
        return "combined";
    }


    @Override
    public Set<ForwardOutput> needs() {
        return Set.of(ForwardOutput.ERRORS, ForwardOutput.CODES);
    }

    @Override
    public List<String> requires() {
        return List.of(RECONSTRUCTION, LATENT);
    }

    @Override
    public Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier) {
        float[] errors = earlier.training(RECONSTRUCTION);
        float[] distances = earlier.training(LATENT);
        return Optional.of(new ScoreFit(combine(errors, distances, Moments.of(errors), Moments.of(distances)),
                Map.of()));
    }

    @Override
    public Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier) {
        Moments errorMoments = Moments.of(earlier.training(RECONSTRUCTION));
        Moments latentMoments = Moments.of(earlier.training(LATENT));
        var gaussian = LatentScore.gaussian(earlier);
        return result -> combine(result.get(ForwardOutput.ERRORS), LatentScore.distances(gaussian, result),
                errorMoments, latentMoments);
    }

    private static float[] combine(float[] errors, float[] distances, Moments errorMoments, Moments latentMoments) {
        float[] combined = new float[errors.length];
        for (int i = 0; i < combined.length; i++) {
            combined[i] = (float) ((errors[i] - errorMoments.mean()) / errorMoments.deviation()
                    + (distances[i] - latentMoments.mean()) / latentMoments.deviation());
        }
        return combined;
    }
}
