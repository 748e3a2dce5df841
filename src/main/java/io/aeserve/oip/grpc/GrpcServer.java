package io.aeserve.oip.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gRPC server on its own port, started with the application and stopped before the beans it calls: calls in
 * flight get the grace period to finish, then are cancelled.
 */
final class GrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    private static final long GRACE_SECONDS = 30;

    private final int port;
    private final int maxMessageBytes;
    private final ServerServiceDefinition service;
    private volatile Server server;

    GrpcServer(int port, int maxMessageBytes, ServerServiceDefinition service) {
        this.port = port;
        this.maxMessageBytes = maxMessageBytes;
        this.service = service;
    }

    /** The port the server listens on; -1 while it is not running. */
    int port() {
        Server running = server;
        return running != null ? running.getPort() : -1;
    }

    @Override
    public boolean isAutoStartup() {
        return port >= 0;
    }

    @Override
    public void start() {
        Server built = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(service)
                .maxInboundMessageSize(maxMessageBytes)
                .build();
        try {
            built.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the gRPC server on port " + port + " (aeserve.grpc.port)", e);
        }
        server = built;
        log.info("gRPC (Open Inference Protocol) listening on port {}", built.getPort());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
