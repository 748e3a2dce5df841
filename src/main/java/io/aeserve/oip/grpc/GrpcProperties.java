package io.aeserve.oip.grpc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Open Inference Protocol's gRPC server.
 *
 * @param enabled whether to start the gRPC server at all
 * @param port its port, apart from the HTTP one; {@code 0} picks a free port, {@code -1} leaves the server off
 */
@ConfigurationProperties("aeserve.grpc")
public record GrpcProperties(@DefaultValue("true") boolean enabled, @DefaultValue("8081") int port) {}
