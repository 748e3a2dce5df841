package io.aeserve.score;

/** A score's stored arrays while it is restored, and where to report what is wrong with them. */
public interface StoredState {

    float[] array(String name);

    /**
     * The width of the model's codes when the arrays come from outside (an imported archive) and must be checked
     * against the model; null for the service's own checkpoints.
     */
    Integer codeWidth();

    /** The file an array is stored in, for messages. */
    String file(String array);

    /** Records why an array cannot be used. */
    void problem(String array, String message);
}
