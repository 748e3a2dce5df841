package io.aeserve.score;

import java.util.List;

/**
 * A stored array of score state.
 *
 * @param shape its shape when the store keeps one (.npy), else null
 */
public record ScoreArray(float[] values, List<Integer> shape) {

    public static ScoreArray flat(float[] values) {
        return new ScoreArray(values, null);
    }
}
