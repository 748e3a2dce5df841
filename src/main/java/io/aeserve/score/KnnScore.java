package io.aeserve.score;

import io.aeserve.model.CodeNeighbors;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.LatentGaussian;
import io.aeserve.model.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mean distance of the code to its nearest training codes, after whitening by the training codes' Gaussian;
 * see {@link CodeNeighbors}.
 */
final class KnnScore implements AnomalyScore {

    static final String REFERENCES = "latent-references";

    @Override
    public String name() {
        return "knn";
    }


    @Override
    public Set<ForwardOutput> needs() {
        return Set.of(ForwardOutput.CODES);
    }

    @Override
    public List<String> requires() {
        return List.of("latent");
    }

    /**
     * A row costs a pass over up to 10,000 reference codes on top of the forward pass (about 1e10 operations for
     * 4,096 rows with codes of 256).
     */
    @Override
    public int rowCost() {
        return 4;
    }

    @Override
    public List<StateArray> stateArrays() {
        return List.of(new StateArray(REFERENCES, StateArray.Layout.ROWS_OF_CODES));
    }

    @Override
    public Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier) {
        int rows = training.rows();
        if (rows <= CodeNeighbors.K) {
            return Optional.empty();
        }
        LatentGaussian gaussian = LatentScore.gaussian(earlier);
        CodeNeighbors neighbors = new CodeNeighbors(
                CodeNeighbors.sample(training.get(ForwardOutput.CODES), rows, gaussian.dimension()), gaussian);
        return Optional.of(new ScoreFit(neighbors.leaveOneOut(), Map.of(REFERENCES, neighbors.references())));
    }

    @Override
    public Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier) {
        LatentGaussian gaussian = LatentScore.gaussian(earlier);
        float[] references = state.array(REFERENCES);
        int rows = references.length / gaussian.dimension();
        if (references.length % gaussian.dimension() != 0 || rows <= CodeNeighbors.K
                || rows > CodeNeighbors.MAX_REFERENCES) {
            state.problem(REFERENCES, "has " + references.length + " values; it must be rows of "
                    + gaussian.dimension() + " (the model's code size), more than " + CodeNeighbors.K
                    + " and at most " + CodeNeighbors.MAX_REFERENCES + " of them");
            return null;
        }
        CodeNeighbors neighbors = new CodeNeighbors(references, gaussian);
        return result -> neighbors.distances(result.get(ForwardOutput.CODES), result.rows());
    }
}
