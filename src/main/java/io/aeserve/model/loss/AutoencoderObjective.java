package io.aeserve.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.aeserve.model.block.AutoencoderBlock.Outputs;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.Sparsity;
import io.aeserve.model.spec.Variant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What training minimises, as named terms averaged over the batch:
 * <ul>
 *   <li>reconstruction: the mean over features of the squared error or binary cross-entropy; for variational
 *       models the sum over features, so that with the KL term it is the negative ELBO;</li>
 *   <li>sparsity (sparse): weight x the code's L1 norm, or weight x sum over code units of KL(rho || rho_hat) with
 *       rho_hat the unit's mean activation over the batch;</li>
 *   <li>contractive: weight x the squared Frobenius norm of the encoder's Jacobian;</li>
 *   <li>kl (variational): beta x KL(q(z|x) || N(0, I)).</li>
 * </ul>
 */
public final class AutoencoderObjective {

    private static final float EPSILON = 1e-6f;

    private final ModelSpec spec;

    public AutoencoderObjective(ModelSpec spec) {
        this.spec = spec;
    }

    public LossTerms compute(NDArray target, NDList outputs) {
        Map<String, NDArray> terms = new LinkedHashMap<>();
        NDArray reconstruction = outputs.get(Outputs.RECONSTRUCTION);
        NDArray logits = outputs.get(Outputs.LOGITS);
        NDArray code = outputs.get(Outputs.CODE);
        NDArray errors = ReconstructionError.elementwise(spec.loss(), target, reconstruction, logits);
        NDArray rows = errors.reshape(errors.getShape().get(0), -1);
        boolean variational = spec.variant() == Variant.VARIATIONAL;
        terms.put(LossTerms.RECONSTRUCTION, variational ? rows.sum(new int[] {1}).mean() : rows.mean());
        if (spec.sparsity() != null) {
            terms.put(LossTerms.SPARSITY, sparsity(spec.sparsity(), code).mul(spec.sparsity().weight().floatValue()));
        }
        if (spec.variant() == Variant.CONTRACTIVE) {
            NDArray jacobian = outputs.get(Outputs.JACOBIAN_NORM);
            if (jacobian != null) {
                terms.put(LossTerms.CONTRACTIVE, jacobian.mean().mul(spec.contractiveWeight().floatValue()));
            }
        }
        if (variational) {
            terms.put(LossTerms.KL, klToPrior(code, outputs.get(Outputs.LOG_VARIANCE)).mean()
                    .mul(spec.beta().floatValue()));
        }
        NDArray total = null;
        for (NDArray term : terms.values()) {
            total = total == null ? term : total.add(term);
        }
        return new LossTerms(total, terms);
    }

    /** Per-row KL divergence of N(mean, exp(logVariance)) from the standard normal prior. */
    public static NDArray klToPrior(NDArray mean, NDArray logVariance) {
        return logVariance.add(1f).sub(mean.square()).sub(logVariance.exp()).sum(new int[] {1}).mul(-0.5f);
    }

    private static NDArray sparsity(Sparsity sparsity, NDArray code) {
        if (sparsity.penalty() == Sparsity.Penalty.L1) {
            return code.abs().sum(new int[] {1}).mean();
        }
        float rho = sparsity.target().floatValue();
        NDArray rhoHat = code.mean(new int[] {0}).clip(EPSILON, 1 - EPSILON);
        NDArray kl = rhoHat.pow(-1).mul(rho).log().mul(rho)
                .add(rhoHat.neg().add(1f).pow(-1).mul(1 - rho).log().mul(1 - rho));
        return kl.sum();
    }
}
