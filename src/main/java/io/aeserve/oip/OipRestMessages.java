package io.aeserve.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The JSON objects of the protocol's REST form, as written, and as documented in OpenAPI. */
final class OipRestMessages {

    private OipRestMessages() {}

    @Schema(name = "OipInferRequest", description = "An inference request: one input, the outputs wanted")
    record InferRequest(
            @Schema(description = "echoed in the response", example = "42") String id,
            @Schema(description = "request parameters: score, threshold_rule, threshold_value, binary_data_output")
                    Map<String, Object> parameters,
            List<RequestInput> inputs,
            @Schema(description = "the outputs wanted; absent: score, anomaly and reconstruction") List<RequestOutput> outputs) {}

    @Schema(name = "OipRequestInput")
    record RequestInput(
            @Schema(example = "input") String name,
            @Schema(example = "[2, 4]") List<Long> shape,
            @Schema(example = "FP32") String datatype,
            @Schema(description = "binary_data_size: the bytes of this input after the JSON header") Map<String, Object> parameters,
            @Schema(description = "row-major values, flat or nested; absent when sent as binary",
                    example = "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]") Object data) {}

    @Schema(name = "OipRequestOutput")
    record RequestOutput(
            @Schema(example = "score", allowableValues = {"score", "anomaly", "percentile", "reconstruction", "code",
                    "log_variance"}) String name,
            @Schema(description = "binary_data: answer as raw bytes; for score, anomaly and percentile: score,"
                    + " threshold_rule, threshold_value", example = "{\"score\": \"knn\"}") Map<String, Object> parameters) {}

    @Schema(name = "OipInferResponse")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferResponse(
            @JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion,
            String id,
            List<ResponseOutput> outputs) {}

    @Schema(name = "OipResponseOutput")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseOutput(
            String name,
            String datatype,
            List<Long> shape,
            @Schema(description = "binary_data_size when the data follows the JSON header as raw bytes")
                    Map<String, Object> parameters,
            @Schema(description = "row-major values; absent when sent as binary") Object data) {}

    @Schema(name = "OipError", example = "{\"error\": \"model 'sensors' does not exist\"}")
    record Error(String error) {}
}
