package io.aeserve.oip;

import io.aeserve.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the protocol's REST messages: JSON alone, or, with the binary tensor data extension, a JSON
 * header of {@code Inference-Header-Content-Length} bytes followed by raw little-endian tensor bytes.
 */
final class OipRestCodec {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final String BINARY_DATA_SIZE = "binary_data_size";
    static final String BINARY_DATA = "binary_data";
    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    /** A decoded inference request, with which outputs are to be answered as binary. */
    record Request(String id, OipTensor input, List<OipRequestedOutput> outputs, Map<String, Object> parameters) {

        /** Whether an output is answered as raw bytes: its own binary_data, else the request's binary_data_output. */
        boolean binary(String output) {
            for (OipRequestedOutput requested : outputs) {
                if (requested.name().equals(output) && requested.parameters().get(BINARY_DATA) instanceof Boolean own) {
                    return own;
                }
            }
            return Boolean.TRUE.equals(parameters.get(BINARY_DATA_OUTPUT));
        }
    }

    /** An encoded response: the bytes, and the JSON header's length when binary data follows it. */
    record Response(byte[] body, Integer headerLength) {}

    private final JsonMapper mapper;

    OipRestCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    Request read(byte[] body, String headerLength) {
        int jsonLength = body.length;
        if (headerLength != null) {
            try {
                jsonLength = Integer.parseInt(headerLength.strip());
            } catch (NumberFormatException e) {
                jsonLength = -1;
            }
            if (jsonLength < 0 || jsonLength > body.length) {
                throw new InvalidInputException(HEADER_LENGTH, "must be the JSON header's length, 0 to "
                        + body.length + " bytes, not '" + headerLength + "'");
            }
        }
        if (jsonLength == 0) {
            throw new InvalidInputException("body", "is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(new java.io.ByteArrayInputStream(body, 0, jsonLength));
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        String id = null;
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isString()) {
                throw new InvalidInputException("id", "must be a string");
            }
            id = idNode.asString();
        }
        Map<String, Object> parameters = parameters(root.get("parameters"), "parameters");
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new InvalidInputException("inputs", "must be an array of one tensor, '" + OipInference.INPUT + "'");
        }
        OipTensor input = input(inputs.get(0), body, jsonLength);
        List<OipRequestedOutput> outputs = new ArrayList<>();
        JsonNode outputNodes = root.get("outputs");
        if (outputNodes != null && !outputNodes.isNull()) {
            if (!outputNodes.isArray()) {
                throw new InvalidInputException("outputs", "must be an array");
            }
            for (int i = 0; i < outputNodes.size(); i++) {
                JsonNode output = outputNodes.get(i);
                String field = "outputs[" + i + "]";
                if (!output.isObject() || output.get("name") == null || !output.get("name").isString()) {
                    throw new InvalidInputException(field, "must be an object with a name");
                }
                outputs.add(new OipRequestedOutput(output.get("name").asString(),
                        parameters(output.get("parameters"), field + ".parameters")));
            }
        }
        return new Request(id, input, outputs, parameters);
    }

    private OipTensor input(JsonNode node, byte[] body, int jsonLength) {
        String field = "inputs[0]";
        if (!node.isObject()) {
            throw new InvalidInputException(field, "must be an object");
        }
        String name = text(node, "name", field);
        String datatype = text(node, "datatype", field);
        if (!datatype.equals(OipDatatype.FP32.name())) {
            throw new InvalidInputException(field + ".datatype", "must be FP32, not " + datatype);
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new InvalidInputException(field + ".shape", "must be an array of dimensions");
        }
        List<Long> shape = new ArrayList<>();
        long elements = 1;
        for (JsonNode dimension : shapeNode) {
            if (!dimension.isIntegralNumber() || !dimension.canConvertToInt() || dimension.intValue() < 0) {
                throw new InvalidInputException(field + ".shape", "must hold dimensions from 0 to 2^31-1");
            }
            shape.add(dimension.longValue());
            elements = Math.min(elements * dimension.longValue(), Integer.MAX_VALUE + 1L);
        }
        Map<String, Object> parameters = parameters(node.get("parameters"), field + ".parameters");
        Object size = parameters.get(BINARY_DATA_SIZE);
        float[] values;
        if (size != null) {
            if (!(size instanceof Long bytes) || bytes < 0) {
                throw new InvalidInputException(field + ".parameters." + BINARY_DATA_SIZE, "must be a byte count");
            }
            if (node.get("data") != null) {
                throw new InvalidInputException(field, "has both data and " + BINARY_DATA_SIZE);
            }
            long available = body.length - (long) jsonLength;
            if (bytes != available) {
                throw new InvalidInputException(field + ".parameters." + BINARY_DATA_SIZE, "says " + bytes
                        + " bytes; " + available + " follow the JSON header");
            }
            if (bytes != elements * OipDatatype.FP32.bytes()) {
                throw new InvalidInputException(field + ".parameters." + BINARY_DATA_SIZE, "says " + bytes
                        + " bytes; shape " + shape + " of FP32 takes " + elements * OipDatatype.FP32.bytes());
            }
            values = new float[(int) elements];
            ByteBuffer.wrap(body, jsonLength, bytes.intValue()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            JsonNode data = node.get("data");
            if (data == null || data.isNull()) {
                throw new InvalidInputException(field, "has neither data nor parameters." + BINARY_DATA_SIZE);
            }
            if (elements > Integer.MAX_VALUE) {
                throw new InvalidInputException(field + ".shape", "holds too many values");
            }
            FloatList flat = new FloatList();
            flatten(data, flat, field + ".data");
            values = flat.toArray();
        }
        if (values.length != elements) {
            throw new InvalidInputException(field + ".data", "holds " + values.length + " values; shape " + shape
                    + " needs " + elements);
        }
        return OipTensor.fp32(name, shape, values);
    }

    /** Writes the response; outputs asked as binary follow the JSON header as raw bytes, in the outputs' order. */
    Response write(OipResult result, Request request) {
        List<OipRestMessages.ResponseOutput> outputs = new ArrayList<>();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        for (OipTensor tensor : result.outputs()) {
            if (request.binary(tensor.name())) {
                byte[] bytes = bytes(tensor);
                binary.writeBytes(bytes);
                outputs.add(new OipRestMessages.ResponseOutput(tensor.name(), tensor.datatype().name(), tensor.shape(),
                        Map.of(BINARY_DATA_SIZE, bytes.length), null));
            } else {
                outputs.add(new OipRestMessages.ResponseOutput(tensor.name(), tensor.datatype().name(), tensor.shape(),
                        null, tensor.datatype() == OipDatatype.BOOL ? tensor.booleans() : tensor.floats()));
            }
        }
        byte[] json = mapper.writeValueAsBytes(new OipRestMessages.InferResponse(result.model(), result.version(),
                request.id(), outputs));
        if (binary.size() == 0) {
            return new Response(json, null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(json.length + binary.size());
        body.writeBytes(json);
        body.writeBytes(binary.toByteArray());
        return new Response(body.toByteArray(), json.length);
    }

    static byte[] bytes(OipTensor tensor) {
        if (tensor.datatype() == OipDatatype.BOOL) {
            byte[] bytes = new byte[tensor.booleans().length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (tensor.booleans()[i] ? 1 : 0);
            }
            return bytes;
        }
        ByteBuffer buffer = ByteBuffer.allocate(tensor.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(tensor.floats());
        return buffer.array();
    }

    private static String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isString()) {
            throw new InvalidInputException(field + "." + name, "must be a string");
        }
        return value.asString();
    }

    /** Parameters are scalars: strings, booleans, integers (as Long) or numbers (as Double). */
    private static Map<String, Object> parameters(JsonNode node, String field) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return parameters;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(field, "must be an object");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            Object scalar;
            if (value.isString()) {
                scalar = value.asString();
            } else if (value.isBoolean()) {
                scalar = value.booleanValue();
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                scalar = value.longValue();
            } else if (value.isNumber()) {
                scalar = value.doubleValue();
            } else {
                throw new InvalidInputException(field + "." + entry.getKey(), "must be a string, boolean or number");
            }
            parameters.put(entry.getKey(), scalar);
        }
        return parameters;
    }

    private static void flatten(JsonNode node, FloatList values, String field) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                flatten(element, values, field);
            }
        } else if (node.isNumber()) {
            values.add(node.floatValue());
        } else {
            throw new InvalidInputException(field, "must hold numbers, flat or in nested arrays");
        }
    }

    /** A growing array of floats, so values are not boxed. */
    private static final class FloatList {
        private float[] values = new float[256];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
