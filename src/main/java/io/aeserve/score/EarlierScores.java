package io.aeserve.score;

/** The scores fitted or restored before the one at hand, for scores that build on others. */
public interface EarlierScores {

    /** The training rows' scores (in row order while fitting, sorted once stored). */
    float[] training(String score);

    /** A state array of an earlier score. */
    float[] array(String name);
}
