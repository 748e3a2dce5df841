package io.aeserve.score;

import io.aeserve.model.ForwardResult;

/** A fitted score: each row's score from a forward result holding the outputs the score needs. */
@FunctionalInterface
public interface Scorer {
    float[] score(ForwardResult result);
}
