package io.aeserve.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The optimizer of one training run and the state it keeps per parameter (Adam's two moments, SGD's momentum).
 * DJL's optimizers detach that state from every manager, so closing the model does not free it: each run would
 * leave about twice its parameter bytes in native memory for good. The optimizers made here remember every state
 * array they create, and closing this object frees them; the run closes it when it ends.
 */
final class RunOptimizer implements AutoCloseable {

    private final List<NDArray> states = new CopyOnWriteArrayList<>();
    private final Optimizer optimizer;

    RunOptimizer(TrainingSettings settings) {
        Tracker rate = Tracker.fixed((float) settings.learningRate());
        float weightDecay = (float) settings.weightDecay();
        this.optimizer = switch (settings.optimizer()) {
            case ADAM -> new StateKeepingAdam(Adam.builder().optLearningRateTracker(rate).optWeightDecays(weightDecay));
            case SGD -> new StateKeepingSgd(Optimizer.sgd().setLearningRateTracker(rate)
                    .optMomentum((float) settings.momentum()).optWeightDecays(weightDecay));
        };
    }

    Optimizer optimizer() {
        return optimizer;
    }

    /** The state arrays the optimizer has made so far: one per parameter and moment. */
    List<NDArray> states() {
        return List.copyOf(states);
    }

    @Override
    public void close() {
        states.forEach(NDArray::close);
        states.clear();
    }

    private Function<String, NDArray> remembered(Function<String, NDArray> create) {
        return key -> {
            NDArray state = create.apply(key);
            states.add(state);
            return state;
        };
    }

    private final class StateKeepingAdam extends Adam {
        StateKeepingAdam(Adam.Builder builder) {
            super(builder);
        }

        @Override
        protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
                Function<String, NDArray> create) {
            return super.withDefaultState(state, key, device, remembered(create));
        }
    }

    private final class StateKeepingSgd extends Sgd {
        StateKeepingSgd(Sgd.Builder builder) {
            super(builder);
        }

        @Override
        protected NDArray withDefaultState(Map<String, Map<Device, NDArray>> state, String key, Device device,
                Function<String, NDArray> create) {
            return super.withDefaultState(state, key, device, remembered(create));
        }
    }
}
