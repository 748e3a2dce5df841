package io.aeserve.oip.grpc;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.inference.InferenceService;
import io.aeserve.inference.InputRows;
import io.aeserve.inference.RequestedOutputs;
import io.aeserve.inference.RequestedOutputs.Part;
import io.aeserve.inference.ThresholdRule;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.registry.ModelRecord;
import io.aeserve.registry.ModelRegistry;
import io.aeserve.registry.VersionManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

/**
 * The protocol's tensors on aeserve's inference service: one input {@code input} (FP32, [N, features] or
 * [N, C, H, W]); the outputs named choose the work, all of them when none is named. Forward passes go through the
 * version's batcher. Meant to give way to the protocol service the REST side shares, once both are in.
 */
final class InferenceServiceBackend implements OipBackend {

    static final String INPUT = "input";

    /** The outputs by protocol name, in the order they are listed and returned by default. */
    private static final Map<String, Part> OUTPUTS = new LinkedHashMap<>();

    static {
        OUTPUTS.put("score", Part.SCORE);
        OUTPUTS.put("anomaly", Part.ANOMALY);
        OUTPUTS.put("percentile", Part.PERCENTILE);
        OUTPUTS.put("reconstruction", Part.RECONSTRUCTION);
        OUTPUTS.put("code", Part.CODE);
        OUTPUTS.put("log_variance", Part.LOG_VARIANCE);
    }

    private final InferenceService inference;
    private final ModelRegistry registry;
    private final ApplicationAvailability availability;

    InferenceServiceBackend(InferenceService inference, ModelRegistry registry, ApplicationAvailability availability) {
        this.inference = inference;
        this.registry = registry;
        this.availability = availability;
    }

    @Override
    public boolean ready() {
        return availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
    }

    @Override
    public ModelInfo metadata(String model, String version) {
        ModelRecord record = registry.find(model).orElseThrow(() -> new NotFoundException("model", model));
        Integer chosen = version(version);
        if (chosen != null) {
            registry.manifest(model, chosen);
        }
        ModelSpec spec = record.spec();
        List<Long> rows = new ArrayList<>(List.of(-1L));
        spec.inputShape().forEach(size -> rows.add((long) size));
        long latent = spec.latentDim() != null ? spec.latentDim() : -1;
        List<TensorInfo> outputs = new ArrayList<>();
        for (String name : outputNames(spec)) {
            outputs.add(switch (OUTPUTS.get(name)) {
                case SCORE, PERCENTILE -> new TensorInfo(name, "FP32", List.of(-1L));
                case ANOMALY -> new TensorInfo(name, "BOOL", List.of(-1L));
                case RECONSTRUCTION -> new TensorInfo(name, "FP32", rows);
                case CODE, LOG_VARIANCE -> new TensorInfo(name, "FP32", List.of(-1L, latent));
            });
        }
        List<String> versions = registry.get(model).versions().stream()
                .map(manifest -> String.valueOf(manifest.version())).toList();
        return new ModelInfo(model, versions, "aeserve", List.of(new TensorInfo(INPUT, "FP32", rows)), outputs);
    }

    @Override
    public boolean modelReady(String model, String version) {
        registry.find(model).orElseThrow(() -> new NotFoundException("model", model));
        Integer chosen = version(version);
        if (chosen == null) {
            return registry.servingVersion(model).isPresent();
        }
        return registry.get(model).versions().stream().map(VersionManifest::version).anyMatch(chosen::equals);
    }

    @Override
    public Result infer(String model, String version, List<Input> inputs, List<RequestedOutput> outputs,
            Map<String, Object> parameters) {
        if (inputs.size() != 1 || !INPUT.equals(inputs.get(0).name())) {
            throw new InvalidInputException("inputs", "expected one input named '" + INPUT + "', found "
                    + inputs.stream().map(Input::name).toList());
        }
        Input input = inputs.get(0);
        if (!"FP32".equals(input.datatype())) {
            throw new InvalidInputException("inputs[0].datatype", "must be FP32, not " + input.datatype());
        }
        List<Long> shape = input.shape();
        if (shape.size() < 2 || shape.stream().anyMatch(size -> size < 1 || size > Integer.MAX_VALUE)) {
            throw new InvalidInputException("inputs[0].shape", "must be [N, features] or [N, C, H, W] with sizes of"
                    + " at least 1, not " + shape);
        }
        long count = GrpcTensors.count(shape);
        if (count != input.values().length) {
            throw new InvalidInputException("inputs[0]", "shape " + shape + " holds " + count + " values; "
                    + input.values().length + " were sent");
        }
        List<Integer> rowShape = shape.subList(1, shape.size()).stream().map(Long::intValue).toList();
        int rows = shape.get(0).intValue();

        List<String> names = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>(parameters);
        for (RequestedOutput output : outputs) {
            if (!OUTPUTS.containsKey(output.name())) {
                throw new InvalidInputException("outputs", "no output '" + output.name() + "'; the outputs are "
                        + String.join(", ", OUTPUTS.keySet()));
            }
            names.add(output.name());
            settings.putAll(output.parameters());
        }
        if (names.isEmpty()) {
            names.addAll(outputNames(registry.find(model).orElseThrow(() -> new NotFoundException("model", model))
                    .spec()));
        }
        Set<Part> parts = EnumSet.noneOf(Part.class);
        names.forEach(name -> parts.add(OUTPUTS.get(name)));
        RequestedOutputs result = inference.outputs(model, version(version), new InputRows(input.values(), rows,
                rowShape), new RequestedOutputs.Request(parts, text(settings, "score"), rule(settings),
                number(settings, "value")));

        List<Long> codeShape = List.of((long) rows, (long) result.latentSize());
        List<Output> answered = new ArrayList<>();
        for (String name : names) {
            answered.add(switch (OUTPUTS.get(name)) {
                case SCORE -> new Output(name, "FP32", List.of((long) rows), result.scores(), null);
                case ANOMALY -> new Output(name, "BOOL", List.of((long) rows), null, result.anomalies());
                case PERCENTILE -> new Output(name, "FP32", List.of((long) rows), result.percentiles(), null);
                case RECONSTRUCTION -> new Output(name, "FP32", shape, result.reconstructions(), null);
                case CODE -> new Output(name, "FP32", codeShape, result.codes(), null);
                case LOG_VARIANCE -> new Output(name, "FP32", codeShape, result.logVariance(), null);
            });
        }
        return new Result(model, String.valueOf(result.version()), answered);
    }

    private static List<String> outputNames(ModelSpec spec) {
        return OUTPUTS.keySet().stream().filter(name -> spec.isVariational() || !name.equals("log_variance"))
                .toList();
    }

    private static Integer version(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(version.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model_version", "must be a version number, not '" + version + "'");
        }
    }

    private static String text(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        return value == null ? null : value.toString();
    }

    private static Double number(Map<String, Object> settings, String name) {
        Object value = settings.get(name);
        if (value == null || value instanceof Number) {
            return value == null ? null : ((Number) value).doubleValue();
        }
        try {
            return Double.valueOf(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("parameters." + name, "must be a number, not '" + value + "'");
        }
    }

    private static ThresholdRule rule(Map<String, Object> settings) {
        String rule = text(settings, "rule");
        if (rule == null || rule.isBlank()) {
            return null;
        }
        return Arrays.stream(ThresholdRule.values())
                .filter(candidate -> candidate.name().equalsIgnoreCase(rule.strip())).findFirst()
                .orElseThrow(() -> new InvalidInputException("parameters.rule", "must be one of "
                        + Arrays.stream(ThresholdRule.values()).map(r -> r.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", ")) + ", not '" + rule + "'"));
    }
}
