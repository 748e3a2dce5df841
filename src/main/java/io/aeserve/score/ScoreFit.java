package io.aeserve.score;

import java.util.Map;

/**
 * A score fitted to the training rows.
 *
 * @param training each training row's score, in row order
 * @param state the arrays of the score's state, by name
 */
public record ScoreFit(float[] training, Map<String, float[]> state) {}
