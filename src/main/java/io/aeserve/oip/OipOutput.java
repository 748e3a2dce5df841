package io.aeserve.oip;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The outputs an Open Inference Protocol request may name; the outputs named choose the work done. Every output has
 * one value (or one row) per input row.
 */
public enum OipOutput {
    /** Each row's anomaly score (the score kind from the {@code score} parameter), FP32 [N]. */
    SCORE("score", OipDatatype.FP32),
    /** Whether each row's score is above the threshold, BOOL [N]. */
    ANOMALY("anomaly", OipDatatype.BOOL),
    /** Each row's percentile rank among the training rows' scores, 0 to 100, FP32 [N]. */
    PERCENTILE("percentile", OipDatatype.FP32),
    /** The reconstruction, FP32 in the input's shape. */
    RECONSTRUCTION("reconstruction", OipDatatype.FP32),
    /** The code (the posterior mean for variational models), FP32 [N, latent]. */
    CODE("code", OipDatatype.FP32),
    /** The posterior log-variance, FP32 [N, latent]; variational models only. */
    LOG_VARIANCE("log_variance", OipDatatype.FP32);

    /** What a request that names no output gets. */
    public static final List<OipOutput> DEFAULTS = List.of(SCORE, ANOMALY, RECONSTRUCTION);

    private final String tensorName;
    private final OipDatatype datatype;

    OipOutput(String tensorName, OipDatatype datatype) {
        this.tensorName = tensorName;
        this.datatype = datatype;
    }

    /** The name of the output tensor in the protocol. */
    public String tensorName() {
        return tensorName;
    }

    public OipDatatype datatype() {
        return datatype;
    }

    /** Whether the output needs an anomaly score computed. */
    boolean scored() {
        return this == SCORE || this == ANOMALY || this == PERCENTILE;
    }

    public static Optional<OipOutput> named(String name) {
        return Arrays.stream(values()).filter(output -> output.tensorName.equals(name)).findFirst();
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(OipOutput::tensorName).toList());
    }
}
