package io.aeserve.oip.grpc;

import io.aeserve.oip.grpc.protocol.GRPCInferenceServiceGrpc;
import io.aeserve.oip.grpc.protocol.ModelInferRequest;
import io.aeserve.oip.grpc.protocol.ModelInferResponse;
import io.aeserve.oip.grpc.protocol.ModelMetadataRequest;
import io.aeserve.oip.grpc.protocol.ModelMetadataResponse;
import io.aeserve.oip.grpc.protocol.ModelReadyRequest;
import io.aeserve.oip.grpc.protocol.ModelReadyResponse;
import io.aeserve.oip.grpc.protocol.ServerLiveRequest;
import io.aeserve.oip.grpc.protocol.ServerLiveResponse;
import io.aeserve.oip.grpc.protocol.ServerMetadataRequest;
import io.aeserve.oip.grpc.protocol.ServerMetadataResponse;
import io.aeserve.oip.grpc.protocol.ServerReadyRequest;
import io.aeserve.oip.grpc.protocol.ServerReadyResponse;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** The protocol's GRPCInferenceService: messages translated to the backend's calls and back; no logic of its own. */
final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private final OipBackend backend;
    private final String serverVersion;

    InferenceGrpcService(OipBackend backend, String serverVersion) {
        this.backend = backend;
        this.serverVersion = serverVersion;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        reply(answer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        reply(answer, () -> ServerReadyResponse.newBuilder().setReady(backend.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        reply(answer, () -> ModelReadyResponse.newBuilder()
                .setReady(backend.modelReady(request.getName(), request.getVersion())).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        reply(answer, () -> ServerMetadataResponse.newBuilder().setName("aeserve").setVersion(serverVersion).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        reply(answer, () -> {
            OipBackend.ModelInfo info = backend.metadata(request.getName(), request.getVersion());
            ModelMetadataResponse.Builder response = ModelMetadataResponse.newBuilder().setName(info.name())
                    .addAllVersions(info.versions()).setPlatform(info.platform());
            info.inputs().forEach(tensor -> response.addInputs(tensor(tensor)));
            info.outputs().forEach(tensor -> response.addOutputs(tensor(tensor)));
            return response.build();
        });
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        reply(answer, () -> {
            OipBackend.Result result = backend.infer(request.getModelName(), request.getModelVersion(),
                    GrpcTensors.inputs(request), GrpcTensors.outputs(request),
                    GrpcTensors.parameters(request.getParametersMap()));
            return GrpcTensors.response(result, request.getId(), request.getRawInputContentsCount() > 0);
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(OipBackend.TensorInfo tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name())
                .setDatatype(tensor.datatype()).addAllShape(tensor.shape()).build();
    }

    private static <T> void reply(StreamObserver<T> answer, Supplier<T> work) {
        T response;
        try {
            response = work.get();
        } catch (RuntimeException failure) {
            answer.onError(GrpcErrors.of(failure));
            return;
        }
        answer.onNext(response);
        answer.onCompleted();
    }
}
