package io.aeserve.model;

import java.util.Map;

/**
 * One epoch of a job's history.
 *
 * @param trainLoss mean total loss over the epoch's training batches
 * @param validationLoss total loss on the validation rows after the epoch (null without a validation split)
 * @param seconds wall time of the epoch, validation included
 * @param samplesPerSecond training rows per second of the epoch
 * @param terms each term of the training loss (reconstruction, sparsity, contractive, kl), already weighted
 * @param validationTerms each term of the validation loss
 */
public record EpochRecord(
        int epoch,
        double trainLoss,
        Double validationLoss,
        double seconds,
        double samplesPerSecond,
        Map<String, Double> terms,
        Map<String, Double> validationTerms) {}
