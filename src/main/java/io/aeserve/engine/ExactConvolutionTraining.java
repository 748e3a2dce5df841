package io.aeserve.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether convolutional models train in a way whose gradients are right on every CPU. The engine's gradient with
 * respect to a convolution's input has been seen wrong (different on each call, often NaN) with PyTorch 2.7.1 on
 * AMD EPYC CPUs when the convolution has fewer than 16 output channels; such convolutions then run through their
 * filters padded with zero filters to 16, which costs little.
 */
public enum ExactConvolutionTraining {
    /** On for AMD CPUs, where the wrong gradient was seen, off elsewhere. */
    AUTO,
    /** Always through zero-padded filters below 16 output channels: right on every CPU, a little slower. */
    ON,
    /** Always through the engine's convolution. */
    OFF;

    boolean applies() {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> amdCpu();
        };
    }

    private static boolean amdCpu() {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuInfo)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(cpuInfo)) {
            return lines.anyMatch(line -> line.startsWith("vendor_id") && line.contains("AuthenticAMD"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
