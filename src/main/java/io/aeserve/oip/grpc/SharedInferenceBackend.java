package io.aeserve.oip.grpc;

import io.aeserve.error.InvalidInputException;
import io.aeserve.oip.OipDatatype;
import io.aeserve.oip.OipInference;
import io.aeserve.oip.OipMetadata;
import io.aeserve.oip.OipRequestedOutput;
import io.aeserve.oip.OipResult;
import io.aeserve.oip.OipTensor;
import java.util.List;
import java.util.Map;

/**
 * The gRPC service's inference on the protocol service the REST surface uses too, so both transports choose the
 * same work, take the same parameters and give the same answers; this only translates their types.
 */
final class SharedInferenceBackend implements OipBackend {

    private final OipInference inference;

    SharedInferenceBackend(OipInference inference) {
        this.inference = inference;
    }

    @Override
    public boolean ready() {
        return inference.ready();
    }

    @Override
    public ModelInfo metadata(String model, String version) {
        OipMetadata.Model metadata = inference.model(model, version);
        return new ModelInfo(metadata.name(), metadata.versions(), metadata.platform(), tensors(metadata.inputs()),
                tensors(metadata.outputs()));
    }

    @Override
    public boolean modelReady(String model, String version) {
        return inference.modelReady(model, version);
    }

    @Override
    public Result infer(String model, String version, List<Input> inputs, List<RequestedOutput> outputs,
            Map<String, Object> parameters) {
        if (inputs.size() != 1) {
            throw new InvalidInputException("inputs", "expected one input named '" + OipInference.INPUT + "', found "
                    + inputs.stream().map(Input::name).toList());
        }
        Input input = inputs.get(0);
        if (!OipDatatype.FP32.name().equals(input.datatype())) {
            throw new InvalidInputException("inputs", "'" + OipInference.INPUT + "' must be FP32, not "
                    + input.datatype());
        }
        OipResult result = inference.infer(model, version, OipTensor.fp32(input.name(), input.shape(), input.values()),
                outputs.stream().map(output -> new OipRequestedOutput(output.name(), output.parameters())).toList(),
                parameters);
        return new Result(result.model(), result.version(), result.outputs().stream()
                .map(tensor -> new Output(tensor.name(), tensor.datatype().name(), tensor.shape(), tensor.floats(),
                        tensor.booleans()))
                .toList());
    }

    private static List<TensorInfo> tensors(List<OipMetadata.Tensor> tensors) {
        return tensors.stream().map(tensor -> new TensorInfo(tensor.name(), tensor.datatype(), tensor.shape()))
                .toList();
    }
}
