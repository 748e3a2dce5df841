package io.aeserve.model;

/** What a forward pass can give back for each row; a pass computes only those asked for. */
public enum ForwardOutput {
    /** The reconstruction in the data's own units. */
    OUTPUTS,
    /** The reconstruction error by the model's loss, averaged over values, in normalised units. */
    ERRORS,
    /** The code (the posterior mean for variational models). */
    CODES,
    /** The KL divergence of the posterior from the prior; variational models only. */
    KL,
    /** 1 - SSIM of input and reconstruction; image models only. */
    STRUCTURAL,
    /** The error of every value, row after row. */
    FEATURE_ERRORS
}
