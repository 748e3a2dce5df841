package io.aeserve.support;

import io.aeserve.engine.DeviceChoice;
import io.aeserve.engine.EngineProperties;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.engine.ExactConvolutionTraining;

/** One engine runtime shared by the plain unit tests of a JVM. */
public final class Engines {

    private static EngineRuntime runtime;

    private Engines() {}

    public static synchronized EngineRuntime cpu() {
        if (runtime == null) {
            runtime = new EngineRuntime(new EngineProperties(DeviceChoice.CPU, 0, 0, ExactConvolutionTraining.AUTO));
        }
        return runtime;
    }
}
