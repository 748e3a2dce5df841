package io.aeserve.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what one request may carry.
 *
 * @param maxRequestSize largest JSON or binary request body; larger ones are answered with 413
 * @param maxUploadSize largest multipart upload (datasets, model archives); larger ones are answered with 413
 * @param maxRows most rows one inference request may carry
 */
@ConfigurationProperties("aeserve.limits")
public record LimitsProperties(
        @DefaultValue("64MB") DataSize maxRequestSize,
        @DefaultValue("512MB") DataSize maxUploadSize,
        @DefaultValue("4096") int maxRows) {}
