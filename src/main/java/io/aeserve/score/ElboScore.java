package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The negative evidence lower bound of a variational model: summed reconstruction error plus KL. */
final class ElboScore implements AnomalyScore {

    @Override
    public String name() {
        return "elbo";
    }

    @Override
    public String unsupported(ModelSpec spec) {
        return spec.isVariational() ? null : "a variational model";
    }

    @Override
    public Set<ForwardOutput> needs() {
        return Set.of(ForwardOutput.ERRORS, ForwardOutput.KL);
    }

    @Override
    public Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier) {
        return Optional.of(new ScoreFit(elbo(training, spec.inputSize()), Map.of()));
    }

    @Override
    public Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier) {
        int inputWidth = spec.inputSize();
        return result -> elbo(result, inputWidth);
    }

    private static float[] elbo(ForwardResult result, int inputWidth) {
        float[] errors = result.get(ForwardOutput.ERRORS);
        float[] kl = result.get(ForwardOutput.KL);
        float[] elbo = new float[errors.length];
        for (int i = 0; i < elbo.length; i++) {
            elbo[i] = errors[i] * inputWidth + kl[i];
        }
        return elbo;
    }
}
