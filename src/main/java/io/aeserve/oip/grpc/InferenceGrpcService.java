package io.aeserve.oip.grpc;

import io.aeserve.oip.OipInference;
import io.aeserve.oip.OipMetadata;
import io.aeserve.oip.OipResult;
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

/**
 * The protocol's GRPCInferenceService: messages translated to the calls of the protocol service the REST surface
 * uses too, and back; no logic of its own.
 */
final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private final OipInference inference;

    InferenceGrpcService(OipInference inference) {
        this.inference = inference;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        reply(answer, () -> ServerLiveResponse.newBuilder().setLive(inference.live()).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        reply(answer, () -> ServerReadyResponse.newBuilder().setReady(inference.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        reply(answer, () -> ModelReadyResponse.newBuilder()
                .setReady(inference.modelReady(request.getName(), request.getVersion())).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        // the binary tensor data extension is REST's: gRPC lists none
        reply(answer, () -> {
            OipMetadata.Server server = inference.server();
            return ServerMetadataResponse.newBuilder().setName(server.name()).setVersion(server.version()).build();
        });
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        reply(answer, () -> {
            OipMetadata.Model info = inference.model(request.getName(), request.getVersion());
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
            OipResult result = inference.infer(request.getModelName(), request.getModelVersion(),
                    GrpcTensors.input(request), GrpcTensors.outputs(request),
                    GrpcTensors.parameters(request.getParametersMap()));
            return GrpcTensors.response(result, request.getId(), request.getRawInputContentsCount() > 0);
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(OipMetadata.Tensor tensor) {
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
