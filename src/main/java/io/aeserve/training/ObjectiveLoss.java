package io.aeserve.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.aeserve.model.loss.AutoencoderObjective;

/** The autoencoder objective in the shape DJL's trainer expects: labels are the clean inputs. */
final class ObjectiveLoss extends Loss {

    private final AutoencoderObjective objective;

    ObjectiveLoss(AutoencoderObjective objective) {
        super("objective");
        this.objective = objective;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return objective.compute(labels.head(), predictions).total();
    }
}
