package io.aeserve.oip.grpc;

import java.util.List;
import java.util.Map;

/**
 * What the gRPC service asks of the rest of aeserve, in the Open Inference Protocol's terms but free of protobuf:
 * model metadata, readiness and inference on named tensors. Failures are aeserve's own exceptions
 * ({@code io.aeserve.error}), which {@link GrpcErrors} turns into status codes.
 */
interface OipBackend {

    /** The tensor {@code input}: FP32 values flattened row-major, {@code shape} [N, features] or [N, C, H, W]. */
    record Input(String name, String datatype, List<Long> shape, float[] values) {}

    /** An output asked for by name, with its parameters (strings, numbers or booleans). */
    record RequestedOutput(String name, Map<String, Object> parameters) {}

    /** An output tensor: FP32 values in {@code values}, BOOL values in {@code flags}. */
    record Output(String name, String datatype, List<Long> shape, float[] values, boolean[] flags) {}

    record Result(String model, String version, List<Output> outputs) {}

    /** A tensor's name, datatype and shape; -1 marks a dimension of any size. */
    record TensorInfo(String name, String datatype, List<Long> shape) {}

    record ModelInfo(String name, List<String> versions, String platform, List<TensorInfo> inputs,
            List<TensorInfo> outputs) {}

    /** Whether the server can run inference. */
    boolean ready();

    /** The model's metadata; {@code version} empty for the served one. */
    ModelInfo metadata(String model, String version);

    /** Whether the model (the version, or the served one) can run inference; unknown models are not found. */
    boolean modelReady(String model, String version);

    /**
     * Runs the inputs through the model; with no output named, the default set. Request parameters apply to
     * every output, an output's own parameters override them.
     */
    Result infer(String model, String version, List<Input> inputs, List<RequestedOutput> outputs,
            Map<String, Object> parameters);
}
