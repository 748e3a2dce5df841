package io.aeserve.oip.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts gRPC calls by method and status code ({@code aeserve.grpc.requests}), refused ones included: both tags
 * take a handful of values, never a model, version or caller.
 */
final class CallMetrics implements ServerInterceptor {

    private final MeterRegistry meters;

    CallMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                Counter.builder("aeserve.grpc.requests").description("gRPC calls answered, by method and status")
                        .tags("method", String.valueOf(method), "code", status.getCode().name())
                        .register(meters).increment();
                super.close(status, trailers);
            }
        }, headers);
    }
}
