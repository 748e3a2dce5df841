package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The reconstruction error by the model's loss, averaged over values, in normalised units. Every model has it. */
final class ReconstructionScore implements AnomalyScore {

    @Override
    public String name() {
        return "reconstruction";
    }


    @Override
    public Set<ForwardOutput> needs() {
        return Set.of(ForwardOutput.ERRORS);
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier) {
        return Optional.of(new ScoreFit(training.get(ForwardOutput.ERRORS), Map.of()));
    }

    @Override
    public Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier) {
        return result -> result.get(ForwardOutput.ERRORS);
    }
}
