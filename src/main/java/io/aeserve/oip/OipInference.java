package io.aeserve.oip;

import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.inference.InferenceService;
import io.aeserve.inference.InputRows;
import io.aeserve.inference.ThresholdRule;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.registry.ModelRecord;
import io.aeserve.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;

/**
 * The Open Inference Protocol's meaning, free of any transport: health, server and model metadata, model readiness,
 * and inference, which maps a model, a version, one input tensor and the outputs asked for onto the inference
 * service (and so onto each version's batcher). The REST and gRPC surfaces only translate to and from it.
 *
 * <p>Failures are the service's own exceptions: {@link NotFoundException} for an unknown model or version,
 * {@link ConflictException} for a model without a version, {@link InvalidInputException} for a bad request.
 */
public class OipInference {

    /** The one input tensor every model takes. */
    public static final String INPUT = "input";
    /** The protocol extensions served. */
    public static final List<String> EXTENSIONS = List.of("binary_tensor_data");
    static final String PLATFORM = "aeserve_djl";
    static final String ENDPOINT = "oip-infer";

    /** Parameter naming the anomaly score kind (for score, anomaly and percentile). */
    public static final String SCORE_PARAMETER = "score";
    /** Parameter naming the threshold rule: percentile, sigma, contamination, fixed, calibrated or fpr. */
    public static final String THRESHOLD_RULE_PARAMETER = "threshold_rule";
    /** Parameter holding the threshold rule's value. */
    public static final String THRESHOLD_VALUE_PARAMETER = "threshold_value";

    private final ModelRegistry registry;
    private final InferenceService inference;
    private final ApplicationAvailability availability;
    private final String serverVersion;

    public OipInference(ModelRegistry registry, InferenceService inference, ApplicationAvailability availability,
            String serverVersion) {
        this.registry = registry;
        this.inference = inference;
        this.availability = availability;
        this.serverVersion = serverVersion;
    }

    /** Whether the service is live, as the liveness probe says. */
    public boolean live() {
        return availability.getLivenessState() == LivenessState.CORRECT;
    }

    /** Whether the service is ready (engine loaded, accepting traffic), as the readiness probe says. */
    public boolean ready() {
        return availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
    }

    public OipMetadata.Server server() {
        return new OipMetadata.Server("aeserve", serverVersion, EXTENSIONS);
    }

    /** A model's metadata; with a version, 404 unless that version exists. */
    public OipMetadata.Model model(String model, String version) {
        ModelRecord record = record(model);
        if (version != null && !version.isEmpty()) {
            registry.manifest(model, versionNumber(model, version));
        }
        List<String> versions = registry.get(model).versions().stream()
                .map(manifest -> Integer.toString(manifest.version())).toList();
        ModelSpec spec = record.spec();
        List<Long> rows = new ArrayList<>();
        rows.add(-1L);
        spec.inputShape().forEach(size -> rows.add(size.longValue()));
        long latent = spec.latentDim() != null ? spec.latentDim() : -1;
        List<OipMetadata.Tensor> outputs = new ArrayList<>();
        for (OipOutput output : OipOutput.values()) {
            if (output == OipOutput.LOG_VARIANCE && !spec.isVariational()) {
                continue;
            }
            List<Long> shape = switch (output) {
                case SCORE, ANOMALY, PERCENTILE -> List.of(-1L);
                case RECONSTRUCTION -> rows;
                case CODE, LOG_VARIANCE -> List.of(-1L, latent);
            };
            outputs.add(new OipMetadata.Tensor(output.tensorName(), output.datatype().name(), shape));
        }
        return new OipMetadata.Model(model, versions, PLATFORM,
                List.of(new OipMetadata.Tensor(INPUT, OipDatatype.FP32.name(), rows)), outputs);
    }

    /**
     * Whether the model (the version named, else the served one) can be served. An unknown model or version is a
     * {@link NotFoundException}; a model with no version yet is not ready.
     */
    public boolean modelReady(String model, String version) {
        record(model);
        if (version != null && !version.isEmpty()) {
            registry.manifest(model, versionNumber(model, version));
            return ready();
        }
        return registry.servingVersion(model).isPresent() && ready();
    }

    /**
     * Runs one inference request.
     *
     * @param model the model's name
     * @param version the version, or null (or empty) for the served one
     * @param input the one input tensor: {@code input}, FP32, shape [N, features] or [N, C, H, W]
     * @param outputs the outputs asked for, in the order to answer them; empty for {@link OipOutput#DEFAULTS}
     * @param parameters the request's parameters; output parameters override them for that output's work
     */
    public OipResult infer(String model, String version, OipTensor input, List<OipRequestedOutput> outputs,
            Map<String, Object> parameters) {
        record(model);
        Integer number = version != null && !version.isEmpty() ? versionNumber(model, version) : null;
        InputRows rows = rows(input);
        List<OipOutput> chosen = new ArrayList<>();
        Map<String, Object> scoring = new LinkedHashMap<>(scoringParameters(parameters));
        Map<String, Object> fromOutputs = null;
        if (outputs == null || outputs.isEmpty()) {
            chosen.addAll(OipOutput.DEFAULTS);
        } else {
            for (OipRequestedOutput requested : outputs) {
                OipOutput output = OipOutput.named(requested.name()).orElseThrow(() -> new InvalidInputException(
                        "outputs", "'" + requested.name() + "' is no output; there are " + OipOutput.names()));
                if (chosen.contains(output)) {
                    throw new InvalidInputException("outputs", "'" + requested.name() + "' is asked for twice");
                }
                chosen.add(output);
                Map<String, Object> own = scoringParameters(requested.parameters());
                if (!own.isEmpty()) {
                    if (!output.scored()) {
                        throw new InvalidInputException("outputs", "'" + requested.name() + "' takes no score"
                                + " parameters; they belong to score, anomaly and percentile");
                    }
                    if (fromOutputs != null && !fromOutputs.equals(own)) {
                        throw new InvalidInputException("outputs", "score, anomaly and percentile share one score;"
                                + " their parameters differ");
                    }
                    fromOutputs = own;
                }
            }
        }
        if (fromOutputs != null) {
            scoring.putAll(fromOutputs);
        }
        boolean scored = chosen.stream().anyMatch(OipOutput::scored);
        Set<ForwardOutput> forward = EnumSet.noneOf(ForwardOutput.class);
        if (chosen.contains(OipOutput.RECONSTRUCTION)) {
            forward.add(ForwardOutput.OUTPUTS);
        }
        if (chosen.contains(OipOutput.CODE)) {
            forward.add(ForwardOutput.CODES);
        }
        InferenceService.RowQuery query = new InferenceService.RowQuery(forward,
                scored ? Objects.toString(scoring.get(SCORE_PARAMETER), "") : null,
                scored ? rule(scoring.get(THRESHOLD_RULE_PARAMETER)) : null,
                scored ? number(scoring.get(THRESHOLD_VALUE_PARAMETER)) : null,
                chosen.contains(OipOutput.LOG_VARIANCE));
        InferenceService.RowAnswer answer = inference.query(model, number, rows, query, ENDPOINT);
        long n = rows.rows();
        List<OipTensor> tensors = new ArrayList<>();
        for (OipOutput output : chosen) {
            String name = output.tensorName();
            tensors.add(switch (output) {
                case SCORE -> OipTensor.fp32(name, List.of(n), answer.scored().scores());
                case ANOMALY -> OipTensor.bool(name, List.of(n), answer.scored().anomalies());
                case PERCENTILE -> OipTensor.fp32(name, List.of(n), floats(answer.scored().percentiles()));
                case RECONSTRUCTION -> OipTensor.fp32(name, input.shape(), answer.forward().get(ForwardOutput.OUTPUTS));
                case CODE -> {
                    float[] codes = answer.forward().get(ForwardOutput.CODES);
                    yield OipTensor.fp32(name, List.of(n, codes.length / n), codes);
                }
                case LOG_VARIANCE -> OipTensor.fp32(name, List.of(n, answer.logVariance().length / n),
                        answer.logVariance());
            });
        }
        return new OipResult(model, Integer.toString(answer.version()), tensors);
    }

    private ModelRecord record(String model) {
        return registry.find(model).orElseThrow(() -> new NotFoundException("model", model));
    }

    /** A version in the protocol is a string; here only a positive integer names one. */
    private static int versionNumber(String model, String version) {
        if (!version.matches("[1-9][0-9]{0,8}")) {
            throw new NotFoundException("version", model + "/" + version);
        }
        return Integer.parseInt(version);
    }

    private static InputRows rows(OipTensor input) {
        if (input == null) {
            throw new InvalidInputException("inputs", "must hold one tensor named '" + INPUT + "'");
        }
        if (!INPUT.equals(input.name())) {
            throw new InvalidInputException("inputs", "the input is named '" + INPUT + "', not '" + input.name() + "'");
        }
        if (input.datatype() != OipDatatype.FP32) {
            throw new InvalidInputException("inputs", "'" + INPUT + "' must be FP32, not " + input.datatype());
        }
        List<Long> shape = input.shape();
        if (shape.size() < 2) {
            throw new InvalidInputException("inputs", "'" + INPUT + "' has shape " + shape
                    + "; it takes [N, features] or [N, C, H, W]");
        }
        long elements = 1;
        for (long size : shape) {
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new InvalidInputException("inputs", "shape " + shape + " has a dimension out of range");
            }
            elements = size > 0 && elements > Integer.MAX_VALUE / size ? Long.MAX_VALUE : elements * size;
        }
        if (elements != input.floats().length) {
            throw new InvalidInputException("inputs", "shape " + shape + " holds " + elements + " values; the data has "
                    + input.floats().length);
        }
        for (float value : input.floats()) {
            if (!Float.isFinite(value)) {
                throw new InvalidInputException("inputs", "'" + INPUT + "' holds " + value
                        + "; values must be finite FP32 numbers");
            }
        }
        List<Integer> rowShape = shape.subList(1, shape.size()).stream().map(Long::intValue).toList();
        return new InputRows(input.floats(), shape.get(0).intValue(), rowShape);
    }

    private static Map<String, Object> scoringParameters(Map<String, Object> parameters) {
        Map<String, Object> scoring = new LinkedHashMap<>();
        if (parameters != null) {
            for (String key : List.of(SCORE_PARAMETER, THRESHOLD_RULE_PARAMETER, THRESHOLD_VALUE_PARAMETER)) {
                if (parameters.get(key) != null) {
                    scoring.put(key, parameters.get(key));
                }
            }
        }
        return scoring;
    }

    private static ThresholdRule rule(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return ThresholdRule.valueOf(value.toString().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(THRESHOLD_RULE_PARAMETER,
                    "must be one of " + java.util.Arrays.stream(ThresholdRule.values()).map(ThresholdRule::key).toList()
                            + ", not '" + value + "'");
        }
    }

    private static Double number(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(THRESHOLD_VALUE_PARAMETER, "must be a number, not '" + value + "'");
        }
    }

    private static float[] floats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
