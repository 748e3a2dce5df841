package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.LatentGaussian;
import io.aeserve.model.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The squared Mahalanobis distance of the code under a Gaussian fitted to the training rows' codes; see
 * {@link LatentGaussian}. Codes wider than {@link LatentGaussian#MAX_DIMENSION} get none.
 */
final class LatentScore implements AnomalyScore {

    static final String MEAN = "latent-mean";
    static final String PRECISION = "latent-precision";

    /** The Gaussian of an earlier latent score, for scores that build on it. */
    static LatentGaussian gaussian(EarlierScores earlier) {
        return new LatentGaussian(earlier.array(MEAN), earlier.array(PRECISION));
    }

    @Override
    public String name() {
        return "latent";
    }


    @Override
    public Set<ForwardOutput> needs() {
        return Set.of(ForwardOutput.CODES);
    }

    @Override
    public List<StateArray> stateArrays() {
        return List.of(new StateArray(MEAN, StateArray.Layout.CODE),
                new StateArray(PRECISION, StateArray.Layout.CODE_BY_CODE));
    }

    @Override
    public Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier) {
        float[] codes = training.get(ForwardOutput.CODES);
        int rows = training.rows();
        int width = codes.length / rows;
        if (width > LatentGaussian.MAX_DIMENSION || rows <= 1) {
            return Optional.empty();
        }
        LatentGaussian gaussian = LatentGaussian.fit(codes, rows, width);
        return Optional.of(new ScoreFit(gaussian.distances(codes, rows),
                Map.of(MEAN, gaussian.mean(), PRECISION, gaussian.precision())));
    }

    @Override
    public Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier) {
        LatentGaussian gaussian = new LatentGaussian(state.array(MEAN), state.array(PRECISION));
        if (state.codeWidth() != null) {
            if (state.codeWidth() > LatentGaussian.MAX_DIMENSION) {
                state.problem(MEAN, "is for codes of " + state.codeWidth() + " values; the latent scores take codes"
                        + " of at most " + LatentGaussian.MAX_DIMENSION);
                return null;
            }
            String problem = gaussian.problem();
            if (problem != null) {
                state.problem(PRECISION, problem);
                return null;
            }
        }
        return result -> distances(gaussian, result);
    }

    static float[] distances(LatentGaussian gaussian, ForwardResult result) {
        return gaussian.distances(result.get(ForwardOutput.CODES), result.rows());
    }
}
