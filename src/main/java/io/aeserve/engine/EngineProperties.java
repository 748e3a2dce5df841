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
 *     in a way whose gradients are right on every CPU: the engine's input gradient has been seen wrong on AMD EPYC
 *     CPUs for convolutions with fewer than 16 output channels, which then convolve through zero-padded filters
 */
@ConfigurationProperties("aeserve")
public record EngineProperties(
        @DefaultValue("auto") DeviceChoice device,
        @DefaultValue("0") int threads,
        @DefaultValue("0") int interOpThreads,
        @DefaultValue("auto") ExactConvolutionTraining exactConvolutionTraining) {}
