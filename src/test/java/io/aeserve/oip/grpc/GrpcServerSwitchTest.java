package io.aeserve.oip.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.oip.grpc.protocol.GRPCInferenceServiceGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The gRPC server is turned off by aeserve.grpc.enabled=false or aeserve.grpc.port=-1. */
class GrpcServerSwitchTest {

    @Test
    void disabledLeavesNoServer() {
        new ApplicationContextRunner().withUserConfiguration(GrpcConfiguration.class)
                .withPropertyValues("aeserve.grpc.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcServer.class));
    }

    @Test
    void portMinusOneDoesNotStart() {
        GrpcServer server = new GrpcServer(-1, 1024, new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {}
                .bindService());
        assertThat(server.isAutoStartup()).isFalse();
        assertThat(server.port()).isEqualTo(-1);
        assertThat(new GrpcServer(0, 1024, null).isAutoStartup()).isTrue();
    }
}
