package io.aeserve.score;

import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.spec.ModelSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One way of scoring how unusual a row is. A score says which models can have it, what it needs from the forward
 * pass, fits its state to the training rows and scores new rows from that state. Its state travels as named float
 * arrays ({@link #stateArrays()}), next to the training rows' scores, which thresholds and percentile ranks use.
 * Implementations in this package are found by {@link ScoreCatalog}: adding a score is adding a class.
 */
public interface AnomalyScore {

    /** The name clients ask for, as in {@code "score": "knn"}. */
    String name();

    /** What the model needs to be for this score, as in "a variational model"; null when this model qualifies. */
    default String unsupported(ModelSpec spec) {
        return null;
    }

    /** The forward outputs that {@link Scorer#score} and {@link #fit} read. */
    Set<ForwardOutput> needs();

    /** The scores whose state or training scores this one builds on; they are fitted and restored first. */
    default List<String> requires() {
        return List.of();
    }

    /** The arrays of this score's state, besides its training scores. */
    default List<StateArray> stateArrays() {
        return List.of();
    }

    /**
     * How many rows one scored row counts as against the service's rows in flight: more than 1 when scoring costs
     * much beyond the forward pass.
     */
    default int rowCost() {
        return 1;
    }

    /** Whether every version must have this score. */
    default boolean required() {
        return false;
    }

    /**
     * Fits the score to the training rows: each row's score and the state arrays; empty when these rows do not
     * allow it (too few of them, codes too wide).
     */
    Optional<ScoreFit> fit(ModelSpec spec, ForwardResult training, EarlierScores earlier);

    /**
     * The scorer of stored state; null after telling {@code state} what is wrong with it. The arrays of
     * {@link #stateArrays()} and the scores of {@link #requires()} are there and of the right shape.
     */
    Scorer scorer(ModelSpec spec, StoredState state, EarlierScores earlier);
}
