package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.loss.StructuralError;
import io.aeserve.model.spec.ModelSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** 1 - SSIM of the input and its reconstruction, for image models; see {@link StructuralError}. */
final class StructuralScore implements AnomalyScore {

    @Override
    public String name() {
        return "structural";
    }

    @Override
    public String unsupported(ModelSpec spec) {
        return StructuralError.supports(spec) ? null : "an image model: convolutional, with images of at least "
                + StructuralError.WINDOW + "x" + StructuralError.WINDOW;
    }

    @Override
    public Set<ForwardOutput> needs() {
        return Set.of(ForwardOutput.STRUCTURAL);
    }

    @Override
    public Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier) {
        return Optional.of(new ScoreFit(training.get(ForwardOutput.STRUCTURAL), Map.of()));
    }

    @Override
    public Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier) {
        return result -> result.get(ForwardOutput.STRUCTURAL);
    }
}
