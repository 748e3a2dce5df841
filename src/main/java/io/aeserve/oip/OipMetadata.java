package io.aeserve.oip;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The metadata answers of the protocol, shared by its transports. */
public final class OipMetadata {

    private OipMetadata() {}

    @Schema(description = "The server's name, version and the protocol extensions it supports",
            example = "{\"name\": \"aeserve\", \"version\": \"0.1.0\", \"extensions\": [\"binary_tensor_data\"]}")
    public record Server(String name, String version, List<String> extensions) {}

    @Schema(description = "A tensor's name, data type and shape; -1 is a dimension of any size")
    public record Tensor(String name, String datatype, List<Long> shape) {}

    @Schema(description = "A model's name, its versions, its platform, and the tensors it takes and gives",
            example = """
                    {"name": "sensors", "versions": ["1", "2"], "platform": "aeserve_djl",
                     "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 16]}],
                     "outputs": [{"name": "score", "datatype": "FP32", "shape": [-1]},
                                 {"name": "anomaly", "datatype": "BOOL", "shape": [-1]}]}""")
    public record Model(String name, List<String> versions, String platform, List<Tensor> inputs,
            List<Tensor> outputs) {}
}
