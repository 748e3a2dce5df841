package io.aeserve.oip.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.aeserve.oip.grpc.protocol.GRPCInferenceServiceGrpc;
import io.aeserve.oip.grpc.protocol.ModelInferRequest;
import io.aeserve.oip.grpc.protocol.ModelMetadataRequest;
import io.aeserve.oip.grpc.protocol.ServerLiveRequest;
import io.aeserve.oip.grpc.protocol.ServerReadyRequest;
import io.aeserve.support.ServiceTest;
import io.aeserve.support.TestTokens;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With API keys configured, gRPC calls need one with the method's scope, as HTTP calls do; the probes stay open. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "aeserve.security.api-keys[0].name=reader",
    "aeserve.security.api-keys[0].key-sha256=" + OipGrpcAuthTest.READ_SHA,
    "aeserve.security.api-keys[0].scopes=read",
    "aeserve.security.api-keys[1].name=scorer",
    "aeserve.security.api-keys[1].key-sha256=" + OipGrpcAuthTest.INFER_SHA,
    "aeserve.security.api-keys[1].scopes=infer",
    "aeserve.security.jwt.issuer-uri=" + OipGrpcAuthTest.ISSUER
})
class OipGrpcAuthTest extends ServiceTest {

    static final String READ_KEY = "admin-key-0123456789";
    static final String READ_SHA = "6d843254d280913cb5f8e0b48efffb584cce7ff577178fe68e738ddf193af10c";
    static final String INFER_KEY = "infer-key-0123456789";
    static final String INFER_SHA = "fa167b7eb40b632aad10cf7e8b6d3c900a2019c90864acc051efd837f52462e2";

    static final String ISSUER = "https://login.example.test/realms/ml";
    private static final RSAKey SIGNING = TestTokens.newKey("trusted");
    private static final HttpServer JWKS = TestTokens.publish(SIGNING);

    @Autowired
    GrpcServer server;

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("aeserve.security.jwt.jwk-set-uri", () -> TestTokens.jwkSetUri(JWKS));
    }

    ManagedChannel channel;

    @BeforeAll
    void connectChannel() {
        channel = Grpc.newChannelBuilder("localhost:" + server.port(), InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    void close() {
        channel.shutdownNow();
        JWKS.stop(0);
    }

    @Test
    void bearerTokensCarryTheirScopesAsOverHttp() {
        String infer = "Bearer " + TestTokens.token(SIGNING, ISSUER, "aeserve", "infer", 300);
        String read = "Bearer " + TestTokens.token(SIGNING, ISSUER, "aeserve", "read", 300);
        String expired = "Bearer " + TestTokens.token(SIGNING, ISSUER, "aeserve", "infer", -600);
        // past the check, the model is looked up: it does not exist
        assertCode(() -> stub("authorization", infer).modelInfer(infer()), Status.Code.NOT_FOUND);
        assertCode(() -> stub("authorization", read).modelInfer(infer()), Status.Code.PERMISSION_DENIED);
        assertCode(() -> stub("authorization", expired).modelInfer(infer()), Status.Code.UNAUTHENTICATED);
    }

    @Test
    void probesNeedNoKey() {
        assertThat(stub(null, null).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        assertThat(stub(null, null).serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }

    @Test
    void aMissingOrUnknownKeyIsUnauthenticated() {
        assertCode(() -> stub(null, null).modelInfer(infer()), Status.Code.UNAUTHENTICATED);
        assertCode(() -> stub(null, null).modelMetadata(metadata()), Status.Code.UNAUTHENTICATED);
        assertCode(() -> stub("authorization", "Bearer not-a-key").modelInfer(infer()), Status.Code.UNAUTHENTICATED);
        assertCode(() -> stub("x-api-key", "not-a-key").modelInfer(infer()), Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aKeyWithoutTheMethodsScopeIsDenied() {
        assertCode(() -> stub("x-api-key", READ_KEY).modelInfer(infer()), Status.Code.PERMISSION_DENIED);
        assertCode(() -> stub("authorization", "Bearer " + INFER_KEY).modelMetadata(metadata()),
                Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aKeyWithTheScopeGoesThrough() {
        // past the check, the model is looked up: it does not exist
        assertCode(() -> stub("authorization", "Bearer " + INFER_KEY).modelInfer(infer()), Status.Code.NOT_FOUND);
        assertCode(() -> stub("x-api-key", INFER_KEY).modelInfer(infer()), Status.Code.NOT_FOUND);
        assertCode(() -> stub("x-api-key", READ_KEY).modelMetadata(metadata()), Status.Code.NOT_FOUND);
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(String header, String value) {
        GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc
                .newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(30));
        if (header == null) {
            return stub;
        }
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), value);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private static ModelInferRequest infer() {
        return ModelInferRequest.newBuilder().setModelName("absent").addInputs(OipGrpcApiTest.input())
                .addRawInputContents(OipGrpcApiTest.raw(new float[OipGrpcApiTest.ROWS * 16])).build();
    }

    private static ModelMetadataRequest metadata() {
        return ModelMetadataRequest.newBuilder().setName("absent").build();
    }

    private static void assertCode(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
    }
}
