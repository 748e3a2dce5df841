package io.aeserve.engine;

/** Which device models run on: the GPU when the engine reports one ({@code auto}), or a fixed choice. */
public enum DeviceChoice {
    AUTO,
    CPU,
    GPU
}
