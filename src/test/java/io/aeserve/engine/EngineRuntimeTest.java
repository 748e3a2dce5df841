package io.aeserve.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineRuntimeTest {

    @Test
    void multipliesMatricesOnTheChosenDevice() {
        EngineRuntime runtime = new EngineRuntime(
                new EngineProperties(DeviceChoice.AUTO, 0, 0, ExactConvolutionTraining.AUTO));
        try (NDManager manager = runtime.newManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = manager.create(new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
            NDArray product = a.matMul(b);
            assertThat(product.getDevice()).isEqualTo(runtime.device());
            assertThat(product.getShape()).isEqualTo(new Shape(2, 2));
            assertThat(product.toFloatArray()).containsExactly(58f, 64f, 139f, 154f);
        }
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    @Test
    void aThreadRunsOnItsOwnEngineThreadsWhileOtherThreadsKeepTheSharedCount() throws Exception {
        EngineRuntime runtime = new EngineRuntime(
                new EngineProperties(DeviceChoice.CPU, 0, 0, ExactConvolutionTraining.AUTO));
        int shared = runtime.intraOpThreads();
        int own = shared == 1 ? 2 : 1;
        AtomicInteger chosen = new AtomicInteger();
        AtomicReference<float[]> product = new AtomicReference<>();
        Thread chooser = new Thread(() -> {
            runtime.useThreadsOnThisThread(own);
            try (NDManager manager = runtime.newManager()) {
                product.set(manager.arange(0f, 4096f).reshape(64, 64).matMul(manager.ones(new Shape(64, 1)))
                        .toFloatArray());
            }
            chosen.set(JniUtils.getNumThreads());
        });
        chooser.start();
        chooser.join();
        AtomicInteger later = new AtomicInteger();
        Thread startedLater = new Thread(() -> later.set(JniUtils.getNumThreads()));
        startedLater.start();
        startedLater.join();

        assertThat(chosen.get()).as("the chooser's count, after engine work").isEqualTo(own);
        assertThat(product.get()[63]).isEqualTo(63 * 64 * 64 + 64 * 63 / 2f);
        assertThat(later.get()).as("a thread started afterwards").isEqualTo(shared);
        assertThat(JniUtils.getNumThreads()).as("this thread").isEqualTo(shared);
        assertThat(runtime.intraOpThreads()).isEqualTo(shared);
    }

    @Test
    void autoPicksTheGpuWhenTheEngineReportsOne() {
        assertThat(EngineRuntime.chooseDevice(DeviceChoice.AUTO, 1)).isEqualTo(Device.gpu());
        assertThat(EngineRuntime.chooseDevice(DeviceChoice.AUTO, 0)).isEqualTo(Device.cpu());
        assertThat(EngineRuntime.chooseDevice(DeviceChoice.CPU, 2)).isEqualTo(Device.cpu());
        assertThat(EngineRuntime.chooseDevice(DeviceChoice.GPU, 1)).isEqualTo(Device.gpu());
        assertThatThrownBy(() -> EngineRuntime.chooseDevice(DeviceChoice.GPU, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no GPU");
    }

    @Test
    void exactConvolutionTrainingIsOnForAmdCpusUnlessSetAndTheRuntimeAppliesIt() throws Exception {
        assertThat(ExactConvolutionTraining.ON.applies()).isTrue();
        assertThat(ExactConvolutionTraining.OFF.applies()).isFalse();
        java.nio.file.Path cpuInfo = java.nio.file.Path.of("/proc/cpuinfo");
        boolean amd = java.nio.file.Files.isReadable(cpuInfo)
                && java.nio.file.Files.readString(cpuInfo).contains("AuthenticAMD");
        assertThat(ExactConvolutionTraining.AUTO.applies()).isEqualTo(amd);
        try {
            new EngineRuntime(new EngineProperties(DeviceChoice.CPU, 0, 0, ExactConvolutionTraining.OFF));
            assertThat(io.aeserve.model.block.ConvolutionTraining.exactGradients()).isFalse();
            new EngineRuntime(new EngineProperties(DeviceChoice.CPU, 0, 0, ExactConvolutionTraining.ON));
            assertThat(io.aeserve.model.block.ConvolutionTraining.exactGradients()).isTrue();
        } finally {
            new EngineRuntime(new EngineProperties(DeviceChoice.CPU, 0, 0, ExactConvolutionTraining.AUTO));
        }
    }
}
