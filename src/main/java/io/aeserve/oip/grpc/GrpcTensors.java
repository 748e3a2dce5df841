package io.aeserve.oip.grpc;

import com.google.protobuf.ByteString;
import io.aeserve.error.InvalidInputException;
import io.aeserve.oip.grpc.protocol.InferParameter;
import io.aeserve.oip.grpc.protocol.InferTensorContents;
import io.aeserve.oip.grpc.protocol.ModelInferRequest;
import io.aeserve.oip.grpc.protocol.ModelInferResponse;
import io.aeserve.storage.Float32Codec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Protocol tensors to and from {@link OipBackend}'s: typed contents or raw bytes (row-major, little-endian; BOOL
 * one byte a value), as the protocol lays them out.
 */
final class GrpcTensors {

    private GrpcTensors() {}

    /** The number of values a shape holds; a shape that cannot be held is invalid input. */
    static long count(List<Long> shape) {
        try {
            return shape.stream().reduce(1L, Math::multiplyExact);
        } catch (ArithmeticException e) {
            throw new InvalidInputException("shape", shape + " holds more values than can be sent");
        }
    }

    static List<OipBackend.Input> inputs(ModelInferRequest request) {
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw new InvalidInputException("raw_input_contents", "holds " + request.getRawInputContentsCount()
                    + " entries for " + request.getInputsCount() + " inputs");
        }
        List<OipBackend.Input> inputs = new ArrayList<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor tensor = request.getInputs(i);
            float[] values;
            if (raw) {
                if (tensor.hasContents()) {
                    throw new InvalidInputException("inputs[" + i + "].contents",
                            "must be empty when raw_input_contents is given");
                }
                values = fromRaw(request.getRawInputContents(i), "raw_input_contents[" + i + "]");
            } else {
                InferTensorContents contents = tensor.getContents();
                values = new float[contents.getFp32ContentsCount()];
                for (int v = 0; v < values.length; v++) {
                    values[v] = contents.getFp32Contents(v);
                }
            }
            inputs.add(new OipBackend.Input(tensor.getName(), tensor.getDatatype(), tensor.getShapeList(), values));
        }
        return inputs;
    }

    static List<OipBackend.RequestedOutput> outputs(ModelInferRequest request) {
        return request.getOutputsList().stream()
                .map(output -> new OipBackend.RequestedOutput(output.getName(), parameters(output.getParametersMap())))
                .toList();
    }

    static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> {
            Object value = switch (parameter.getParameterChoiceCase()) {
                case BOOL_PARAM -> parameter.getBoolParam();
                case INT64_PARAM -> parameter.getInt64Param();
                case STRING_PARAM -> parameter.getStringParam();
                case DOUBLE_PARAM -> parameter.getDoubleParam();
                case UINT64_PARAM -> Long.toUnsignedString(parameter.getUint64Param());
                case PARAMETERCHOICE_NOT_SET -> null;
            };
            if (value != null) {
                values.put(name, value);
            }
        });
        return values;
    }

    /** The result as a response; raw output contents when the request sent raw input contents. */
    static ModelInferResponse response(OipBackend.Result result, String id, boolean raw) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(result.model())
                .setModelVersion(result.version()).setId(id);
        for (OipBackend.Output output : result.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name()).setDatatype(output.datatype()).addAllShape(output.shape());
            if (raw) {
                response.addRawOutputContents(toRaw(output));
            } else {
                InferTensorContents.Builder contents = InferTensorContents.newBuilder();
                if (output.flags() != null) {
                    for (boolean flag : output.flags()) {
                        contents.addBoolContents(flag);
                    }
                } else {
                    for (float value : output.values()) {
                        contents.addFp32Contents(value);
                    }
                }
                tensor.setContents(contents);
            }
            response.addOutputs(tensor);
        }
        return response.build();
    }

    private static float[] fromRaw(ByteString bytes, String field) {
        if (bytes.size() % Float.BYTES != 0) {
            throw new InvalidInputException(field, "holds " + bytes.size() + " bytes, not a whole number of FP32"
                    + " values");
        }
        return Float32Codec.decode(bytes.toByteArray());
    }

    private static ByteString toRaw(OipBackend.Output output) {
        if (output.flags() != null) {
            byte[] bytes = new byte[output.flags().length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (output.flags()[i] ? 1 : 0);
            }
            return ByteString.copyFrom(bytes);
        }
        return ByteString.copyFrom(Float32Codec.encode(output.values()));
    }
}
