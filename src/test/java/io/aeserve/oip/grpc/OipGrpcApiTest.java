package io.aeserve.oip.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.aeserve.data.DataMatrix;
import io.aeserve.oip.grpc.protocol.GRPCInferenceServiceGrpc;
import io.aeserve.oip.grpc.protocol.InferParameter;
import io.aeserve.oip.grpc.protocol.InferTensorContents;
import io.aeserve.oip.grpc.protocol.ModelInferRequest;
import io.aeserve.oip.grpc.protocol.ModelInferResponse;
import io.aeserve.oip.grpc.protocol.ModelMetadataRequest;
import io.aeserve.oip.grpc.protocol.ModelMetadataResponse;
import io.aeserve.oip.grpc.protocol.ModelReadyRequest;
import io.aeserve.oip.grpc.protocol.ServerLiveRequest;
import io.aeserve.oip.grpc.protocol.ServerMetadataRequest;
import io.aeserve.oip.grpc.protocol.ServerReadyRequest;
import io.aeserve.support.HttpJson;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.SyntheticData;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol over gRPC, end to end, with a client stub generated from the protocol's .proto: the
 * answers equal the HTTP API's for the same rows, and failures are the protocol's status codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OipGrpcApiTest extends ServiceTest {

    static final DataMatrix TABLE = SyntheticData.lowRank(200, 16, 3, 31);
    static final int ROWS = 5;

    @Autowired
    GrpcServer server;

    @Autowired
    MeterRegistry meters;

    ManagedChannel channel;
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    void trainModel() {
        HttpJson http = new HttpJson("http://localhost:" + port);
        assertThat(http.post("/api/v1/models", "{\"name\": \"table\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/models", "{\"name\": \"untrained\", \"spec\": {\"variant\": \"dense\","
                + " \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/models", "{\"name\": \"vae\", \"spec\": {\"variant\": \"variational\","
                + " \"inputShape\": [16], \"hiddenLayers\": [12], \"latentDim\": 3}}").status()).isEqualTo(201);
        for (String model : List.of("table", "vae")) {
            String id = http.post("/api/v1/models/" + model + "/train", "{\"data\": "
                    + SyntheticData.jsonRows(TABLE, 200) + ", \"epochs\": 2, \"seed\": 7}").json().get("id").asString();
            JsonNode job = http.awaitJob(id, Duration.ofMinutes(2));
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        }
        channel = Grpc.newChannelBuilder("localhost:" + server.port(), InsecureChannelCredentials.create()).build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofMinutes(1));
    }

    @AfterAll
    void close() {
        channel.shutdownNow();
    }

    @Test
    void serverIsLiveReadyAndNamesItself() {
        assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
        assertThat(stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName()).isEqualTo("aeserve");
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("table").build()).getReady()).isTrue();
        assertThatThrownBy(() -> stub.modelReady(ModelReadyRequest.newBuilder().setName("table").setVersion("9")
                .build())).isInstanceOf(StatusRuntimeException.class).hasMessageStartingWith("NOT_FOUND");
        assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("untrained").build()).getReady()).isFalse();
    }

    @Test
    void metadataDescribesTheInputAndEveryOutput() {
        ModelMetadataResponse metadata = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("table").build());
        assertThat(metadata.getName()).isEqualTo("table");
        assertThat(metadata.getVersionsList()).containsExactly("1");
        assertThat(metadata.getInputsList()).singleElement().satisfies(input -> {
            assertThat(input.getName()).isEqualTo("input");
            assertThat(input.getDatatype()).isEqualTo("FP32");
            assertThat(input.getShapeList()).containsExactly(-1L, 16L);
        });
        assertThat(metadata.getOutputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName)
                .containsExactly("score", "anomaly", "percentile", "reconstruction", "code");
        assertThat(metadata.getOutputs(4).getShapeList()).containsExactly(-1L, 3L);
    }

    @Test
    void rawInferenceEqualsTheHttpEndpoints() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("table").setId("raw-1")
                .addInputs(input()).addRawInputContents(raw(rows()))
                .addOutputs(output("reconstruction")).addOutputs(output("code")).addOutputs(output("score"))
                .addOutputs(output("anomaly")).addOutputs(output("percentile")).build();
        ModelInferResponse response = stub.modelInfer(request);

        assertThat(response.getId()).isEqualTo("raw-1");
        assertThat(response.getModelVersion()).isEqualTo("1");
        assertThat(response.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName)
                .containsExactly("reconstruction", "code", "score", "anomaly", "percentile");
        assertThat(response.getOutputs(0).getShapeList()).containsExactly((long) ROWS, 16L);
        assertThat(response.getOutputs(3).getDatatype()).isEqualTo("BOOL");
        assertThat(response.getRawOutputContentsCount()).isEqualTo(5);
        float[] anomalyBytes = new float[ROWS];
        byte[] flags = response.getRawOutputContents(3).toByteArray();
        for (int i = 0; i < ROWS; i++) {
            anomalyBytes[i] = flags[i];
        }
        assertEqualsHttp(floats(response.getRawOutputContents(0)), floats(response.getRawOutputContents(1)),
                floats(response.getRawOutputContents(2)), anomalyBytes, floats(response.getRawOutputContents(4)));
    }

    @Test
    void typedInferenceWithDefaultOutputsEqualsTheHttpEndpoints() {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float value : rows()) {
            contents.addFp32Contents(value);
        }
        ModelInferResponse defaults = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("table")
                .setModelVersion("1").addInputs(input().setContents(contents)).build());
        assertThat(defaults.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName)
                .containsExactly("score", "anomaly", "reconstruction");
        ModelInferResponse response = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("table")
                .setModelVersion("1").addInputs(input().setContents(contents)).addOutputs(output("score"))
                .addOutputs(output("anomaly")).addOutputs(output("percentile")).addOutputs(output("reconstruction"))
                .addOutputs(output("code")).build());

        assertThat(response.getRawOutputContentsCount()).isZero();
        Map<String, ModelInferResponse.InferOutputTensor> outputs = response.getOutputsList().stream()
                .collect(Collectors.toMap(ModelInferResponse.InferOutputTensor::getName, Function.identity()));
        assertThat(outputs).containsOnlyKeys("score", "anomaly", "percentile", "reconstruction", "code");
        float[] anomalies = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            anomalies[i] = outputs.get("anomaly").getContents().getBoolContents(i) ? 1 : 0;
        }
        assertEqualsHttp(floats(outputs.get("reconstruction").getContents().getFp32ContentsList()),
                floats(outputs.get("code").getContents().getFp32ContentsList()),
                floats(outputs.get("score").getContents().getFp32ContentsList()), anomalies,
                floats(outputs.get("percentile").getContents().getFp32ContentsList()));
    }

    @Test
    void variationalModelsAlsoGiveTheLogVariance() {
        assertThat(stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("vae").build()).getOutputsList())
                .extracting(ModelMetadataResponse.TensorMetadata::getName).contains("log_variance");
        ModelInferResponse response = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("vae")
                .addInputs(input()).addRawInputContents(raw(rows())).addOutputs(output("code"))
                .addOutputs(output("log_variance")).build());
        JsonNode encoded = http.post("/api/v1/models/vae/encode", "{\"inputs\": " + SyntheticData.jsonRows(TABLE, ROWS)
                + "}").json();
        float[] codes = floats(response.getRawOutputContents(0));
        float[] logVariance = floats(response.getRawOutputContents(1));
        assertThat(response.getOutputs(1).getShapeList()).containsExactly((long) ROWS, 3L);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(codes[r * 3 + c]).isCloseTo((float) encoded.get("codes").get(r).get(c).asDouble(),
                        within(1e-5f));
                assertThat(logVariance[r * 3 + c]).isCloseTo(
                        (float) encoded.get("logVariance").get(r).get(c).asDouble(), within(1e-5f));
            }
        }
    }

    @Test
    void scoreParametersChooseTheScoreAndThreshold() {
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("table").addInputs(input())
                .addRawInputContents(raw(rows()))
                .putParameters("threshold_rule", InferParameter.newBuilder().setStringParam("fixed").build())
                .putParameters("threshold_value", InferParameter.newBuilder().setDoubleParam(0.5).build())
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("score")
                        .putParameters("score", InferParameter.newBuilder().setStringParam("latent").build()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("anomaly")
                        .putParameters("score", InferParameter.newBuilder().setStringParam("latent").build()))
                .build();
        ModelInferResponse response = stub.modelInfer(request);

        JsonNode http = this.http.post("/api/v1/models/table/anomaly-score", "{\"inputs\": "
                + SyntheticData.jsonRows(TABLE, ROWS) + ", \"score\": \"latent\", \"threshold\": {\"rule\": \"fixed\","
                + " \"value\": 0.5}}").json();
        float[] scores = floats(response.getRawOutputContents(0));
        byte[] flags = response.getRawOutputContents(1).toByteArray();
        for (int i = 0; i < ROWS; i++) {
            assertThat(scores[i]).isCloseTo((float) http.get("scores").get(i).asDouble(), within(1e-5f));
            assertThat(flags[i] == 1).isEqualTo(http.get("anomalies").get(i).asBoolean());
        }
    }

    @Test
    void failuresAreTheProtocolsStatusCodes() {
        assertCode(() -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("nothing").build()),
                Status.Code.NOT_FOUND);
        assertCode(() -> stub.modelInfer(infer("nothing").build()), Status.Code.NOT_FOUND);
        assertCode(() -> stub.modelInfer(infer("table").setModelVersion("7").build()), Status.Code.NOT_FOUND);
        assertCode(() -> stub.modelInfer(infer("untrained").build()), Status.Code.FAILED_PRECONDITION);
        assertCode(() -> stub.modelInfer(infer("table").addOutputs(output("wings")).build()),
                Status.Code.INVALID_ARGUMENT);
        assertCode(() -> stub.modelInfer(infer("table").addOutputs(output("log_variance")).build()),
                Status.Code.INVALID_ARGUMENT);
        assertCode(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("table")
                .addInputs(input().clearShape().addShape(ROWS).addShape(15)).addRawInputContents(raw(rows()))
                .build()), Status.Code.INVALID_ARGUMENT);
        assertCode(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("table")
                .addInputs(input().clearShape().addShape(ROWS * 4).addShape(4)).addRawInputContents(raw(rows()))
                .build()), Status.Code.INVALID_ARGUMENT);
        assertCode(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("table")
                .addInputs(input().setDatatype("INT32")).addRawInputContents(raw(rows())).build()),
                Status.Code.INVALID_ARGUMENT);
        assertCode(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("table")
                .addInputs(input()).addRawInputContents(ByteString.copyFrom(new byte[7])).build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void callsAreCountedByMethodAndCode() {
        stub.serverLive(ServerLiveRequest.getDefaultInstance());
        assertThat(meters.get("aeserve.grpc.requests").tags("method", "ServerLive", "code", "OK").counter().count())
                .isPositive();
    }

    private void assertEqualsHttp(float[] reconstruction, float[] codes, float[] scores, float[] anomalies,
            float[] percentiles) {
        String rows = "{\"inputs\": " + SyntheticData.jsonRows(TABLE, ROWS) + "}";
        JsonNode reconstructed = http.post("/api/v1/models/table/reconstruct", rows).json();
        JsonNode encoded = http.post("/api/v1/models/table/encode", rows).json();
        JsonNode scored = http.post("/api/v1/models/table/anomaly-score", rows).json();
        for (int r = 0; r < ROWS; r++) {
            for (int f = 0; f < 16; f++) {
                assertThat(reconstruction[r * 16 + f]).as("reconstruction[%d][%d]", r, f)
                        .isCloseTo((float) reconstructed.get("outputs").get(r).get(f).asDouble(), within(1e-5f));
            }
            for (int c = 0; c < 3; c++) {
                assertThat(codes[r * 3 + c]).as("code[%d][%d]", r, c)
                        .isCloseTo((float) encoded.get("codes").get(r).get(c).asDouble(), within(1e-5f));
            }
            assertThat(scores[r]).isCloseTo((float) scored.get("scores").get(r).asDouble(), within(1e-5f));
            assertThat(anomalies[r] == 1).isEqualTo(scored.get("anomalies").get(r).asBoolean());
            assertThat(percentiles[r]).isCloseTo((float) scored.get("percentiles").get(r).asDouble(), within(1e-3f));
        }
    }

    private static void assertCode(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
    }

    private static ModelInferRequest.Builder infer(String model) {
        return ModelInferRequest.newBuilder().setModelName(model).addInputs(input()).addRawInputContents(raw(rows()));
    }

    static ModelInferRequest.InferInputTensor.Builder input() {
        return ModelInferRequest.InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                .addShape(ROWS).addShape(16);
    }

    static ModelInferRequest.InferRequestedOutputTensor output(String name) {
        return ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name).build();
    }

    static float[] rows() {
        return Arrays.copyOfRange(TABLE.values(), 0, ROWS * 16);
    }

    /** Row-major little-endian FP32, as the protocol lays out raw contents; written here, not by the server. */
    static ByteString raw(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return ByteString.copyFrom(buffer.array());
    }

    static float[] floats(ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.size() / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }

    static float[] floats(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
