package io.aeserve.oip;

import java.util.List;

/** The answer to an inference request: the model and version that ran it, and the outputs in the order asked. */
public record OipResult(String model, String version, List<OipTensor> outputs) {}
