package io.aeserve.evaluation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Evaluating versions against labelled data.
 *
 * @param maxRows most rows one evaluation may score; a larger dataset is answered with 400. The rows stream through
 *     the model in batches; what stays in memory is 4 bytes per row for each score evaluated, and a sort of 8 bytes
 *     per row for one score at a time
 * @param batchRows rows sent through the model at a time
 * @param syncRows most rows evaluated while the request waits; a larger dataset, or a request with
 *     {@code "async": true}, is evaluated as a job
 */
@ConfigurationProperties("aeserve.evaluation")
public record EvaluationProperties(
        @DefaultValue("2000000") int maxRows,
        @DefaultValue("1024") int batchRows,
        @DefaultValue("100000") int syncRows) {}
