package io.aeserve.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep one client from taking the service down: request sizes, model sizes, work in flight and bytes
 * stored. Every limit is answered with a 4xx problem that names the property to raise.
 *
 * @param maxRequestSize largest JSON or binary request body; larger ones are answered with 413
 * @param maxUploadSize largest multipart upload (datasets, model archives); larger ones are answered with 413
 * @param maxRows most rows one inference request may carry
 * @param maxParameters most trainable parameters one model may have; checked when a model is created, trained or
 *     imported (400 beyond it)
 * @param maxBatchMemory estimated memory one training batch may take for its activations and their gradients
 *     (batch size x activations per row x 4 bytes x 3); checked when training starts (400 beyond it)
 * @param maxEpochs most epochs one training job may ask for
 * @param maxRowsInFlight most inference rows being computed or waiting at once, over all models; a request that
 *     would go beyond it is answered with 429 and Retry-After
 * @param maxSubscribersPerJob most open event streams on one training job; beyond it, 429
 * @param maxStoredBytes most bytes the data directory may hold (models, versions and datasets); a write that
 *     would go beyond it is answered with 507
 */
@ConfigurationProperties("aeserve.limits")
public record LimitsProperties(
        @DefaultValue("64MB") DataSize maxRequestSize,
        @DefaultValue("512MB") DataSize maxUploadSize,
        @DefaultValue("4096") int maxRows,
        @DefaultValue("50000000") long maxParameters,
        @DefaultValue("4GB") DataSize maxBatchMemory,
        @DefaultValue("10000") int maxEpochs,
        @DefaultValue("32768") int maxRowsInFlight,
        @DefaultValue("16") int maxSubscribersPerJob,
        @DefaultValue("100GB") DataSize maxStoredBytes) {}
