package io.aeserve.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the deep-learning engine.
 *
 * @param device where models run: {@code auto} picks the first GPU when the engine reports one, else the CPU;
 *     {@code gpu} fails start-up when there is none
 * @param threads intra-op threads of the engine; 0 leaves the engine's default (one per core)
 * @param interOpThreads inter-op threads of the engine; 0 leaves the engine's default
 * @param exactConvolutionTraining {@code auto} (on for AMD CPUs), {@code on} or {@code off}: train convolutions
 *     through an exact patch product instead of the engine's convolution, whose input gradient has been seen wrong
 *     on AMD EPYC CPUs
 */
@ConfigurationProperties("aeserve")
public record EngineProperties(
        @DefaultValue("auto") DeviceChoice device,
        @DefaultValue("0") int threads,
        @DefaultValue("0") int interOpThreads,
        @DefaultValue("auto") ExactConvolutionTraining exactConvolutionTraining) {}
