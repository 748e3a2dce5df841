package io.aeserve.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.aeserve.model.block.ConvolutionTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded PyTorch engine and the device every model of this service runs on. Loading happens once, in the
 * constructor, with DJL forced offline so nothing is ever downloaded.
 */
public final class EngineRuntime {

    private static final Logger log = LoggerFactory.getLogger(EngineRuntime.class);
    static final String ENGINE_NAME = "PyTorch";

    private final Engine engine;
    private final Device device;
    private final int sharedThreads;

    public EngineRuntime(EngineProperties properties) {
        System.setProperty("ai.djl.offline", "true");
        if (properties.threads() > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(properties.threads()));
        }
        if (properties.interOpThreads() > 0) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(properties.interOpThreads()));
        }
        this.engine = Engine.getEngine(ENGINE_NAME);
        this.device = chooseDevice(properties.device(), engine.getGpuCount());
        this.sharedThreads = JniUtils.getNumThreads();
        ConvolutionTraining.useExactGradients(properties.exactConvolutionTraining().applies());
        if (ConvolutionTraining.exactGradients()) {
            log.info("Convolutions with fewer than 16 output channels train through filters zero-padded to 16, whose "
                    + "gradients are right on every CPU (aeserve.exact-convolution-training={})",
                    properties.exactConvolutionTraining().name().toLowerCase(java.util.Locale.ROOT));
        }
        log.info("Engine {} {} loaded; device {}; intra-op threads {}, inter-op threads {}",
                engine.getEngineName(), engine.getVersion(), device, intraOpThreads(), interOpThreads());
        NativeAllocator.advice(System.getenv("GLIBC_TUNABLES")).ifPresent(log::warn);
    }

    static Device chooseDevice(DeviceChoice choice, int gpuCount) {
        return switch (choice) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpuCount == 0) {
                    throw new IllegalStateException("aeserve.device=gpu, but the engine reports no GPU");
                }
                yield Device.gpu();
            }
            case AUTO -> gpuCount > 0 ? Device.gpu() : Device.cpu();
        };
    }

    public Device device() {
        return device;
    }

    public Engine engine() {
        return engine;
    }

    /** A new root manager on the chosen device; the caller closes it. */
    public NDManager newManager() {
        return NDManager.newBaseManager(device, ENGINE_NAME);
    }

    public int gpuCount() {
        return engine.getGpuCount();
    }

    /** The intra-op threads each thread's engine work runs on, unless the thread chose its own. */
    public int intraOpThreads() {
        return sharedThreads;
    }

    /**
     * Runs the calling thread's engine work on {@code threads} intra-op threads from now on, and leaves every other
     * thread's count as it was. The engine keeps a count per thread, but setting one also sets the count that a
     * thread takes at its first engine call; that is put back at once from a short-lived thread of its own, so only
     * a thread making its very first engine call in that instant could start with this count (it would be slower,
     * never wrong).
     */
    public synchronized void useThreadsOnThisThread(int threads) {
        // a thread's first engine call takes the shared count: this is it, so it cannot undo the count set below
        if (threads == JniUtils.getNumThreads()) {
            return;
        }
        JniUtils.setNumThreads(threads);
        Thread restore = new Thread(() -> JniUtils.setNumThreads(sharedThreads), "engine-threads");
        restore.start();
        try {
            restore.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }
}
