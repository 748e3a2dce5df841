package io.aeserve.oip.grpc;

import com.google.protobuf.ByteString;
import io.aeserve.error.InvalidInputException;
import io.aeserve.oip.OipDatatype;
import io.aeserve.oip.OipInference;
import io.aeserve.oip.OipRequestedOutput;
import io.aeserve.oip.OipResult;
import io.aeserve.oip.OipTensor;
import io.aeserve.oip.grpc.protocol.InferParameter;
import io.aeserve.oip.grpc.protocol.InferTensorContents;
import io.aeserve.oip.grpc.protocol.ModelInferRequest;
import io.aeserve.oip.grpc.protocol.ModelInferResponse;
import io.aeserve.storage.Float32Codec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Protocol tensors to and from the transport-free ones of {@link io.aeserve.oip.OipInference}: typed contents or raw
 * bytes (row-major, little-endian; BOOL one byte a value), as the protocol lays them out.
 */
final class GrpcTensors {

    private GrpcTensors() {}

    /** The request's one input, {@code input} as FP32; anything else is invalid input. */
    static OipTensor input(ModelInferRequest request) {
        if (request.getInputsCount() != 1) {
            throw new InvalidInputException("inputs", "must hold one tensor named '" + OipInference.INPUT + "', not "
                    + request.getInputsList().stream().map(ModelInferRequest.InferInputTensor::getName).toList());
        }
        ModelInferRequest.InferInputTensor tensor = request.getInputs(0);
        if (!OipDatatype.FP32.name().equals(tensor.getDatatype())) {
            throw new InvalidInputException("inputs", "'" + OipInference.INPUT + "' must be FP32, not "
                    + tensor.getDatatype());
        }
        boolean raw = request.getRawInputContentsCount() > 0;
        float[] values;
        if (raw) {
            if (request.getRawInputContentsCount() != 1) {
                throw new InvalidInputException("raw_input_contents", "holds " + request.getRawInputContentsCount()
                        + " entries for 1 input");
            }
            if (tensor.hasContents()) {
                throw new InvalidInputException("inputs[0].contents", "must be empty when raw_input_contents is given");
            }
            values = fromRaw(request.getRawInputContents(0), "raw_input_contents[0]");
        } else {
            InferTensorContents contents = tensor.getContents();
            values = new float[contents.getFp32ContentsCount()];
            for (int v = 0; v < values.length; v++) {
                values[v] = contents.getFp32Contents(v);
            }
        }
        return OipTensor.fp32(tensor.getName(), tensor.getShapeList(), values);
    }

    static List<OipRequestedOutput> outputs(ModelInferRequest request) {
        return request.getOutputsList().stream()
                .map(output -> new OipRequestedOutput(output.getName(), parameters(output.getParametersMap())))
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
    static ModelInferResponse response(OipResult result, String id, boolean raw) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(result.model())
                .setModelVersion(result.version()).setId(id);
        for (OipTensor output : result.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name()).setDatatype(output.datatype().name()).addAllShape(output.shape());
            if (raw) {
                response.addRawOutputContents(toRaw(output));
            } else {
                InferTensorContents.Builder contents = InferTensorContents.newBuilder();
                if (output.booleans() != null) {
                    for (boolean flag : output.booleans()) {
                        contents.addBoolContents(flag);
                    }
                } else {
                    for (float value : output.floats()) {
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

    private static ByteString toRaw(OipTensor output) {
        if (output.booleans() != null) {
            byte[] bytes = new byte[output.booleans().length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (output.booleans()[i] ? 1 : 0);
            }
            return ByteString.copyFrom(bytes);
        }
        return ByteString.copyFrom(Float32Codec.encode(output.floats()));
    }
}
