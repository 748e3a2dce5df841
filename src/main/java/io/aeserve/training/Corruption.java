package io.aeserve.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.aeserve.model.spec.Noise;

/**
 * Corrupts a training batch, on the device, for denoising: gaussian noise clipped to the training data's range,
 * masking to zero, or salt-and-pepper at the data's minimum and maximum. The clean batch stays the target. The
 * dashboard's views corrupt rows the same way to show what a denoiser makes of them.
 */
public final class Corruption {

    private final Noise noise;
    private final float low;
    private final float high;

    public Corruption(Noise noise, float low, float high) {
        this.noise = noise;
        this.low = low;
        this.high = high;
    }

    public NDArray apply(NDArray clean) {
        NDManager manager = clean.getManager();
        float level = noise.level().floatValue();
        return switch (noise.type()) {
            case GAUSSIAN -> clean.add(manager.randomNormal(clean.getShape()).mul(level)).clip(low, high);
            case MASKING -> clean.mul(manager.randomUniform(0f, 1f, clean.getShape()).gte(level)
                    .toType(clean.getDataType(), false));
            case SALT_AND_PEPPER -> {
                NDArray hit = manager.randomUniform(0f, 1f, clean.getShape()).lt(level)
                        .toType(clean.getDataType(), false);
                NDArray salt = manager.randomUniform(0f, 1f, clean.getShape()).lt(0.5f)
                        .toType(clean.getDataType(), false);
                NDArray replacement = salt.mul(high - low).add(low);
                yield clean.mul(hit.neg().add(1f)).add(hit.mul(replacement));
            }
        };
    }
}
