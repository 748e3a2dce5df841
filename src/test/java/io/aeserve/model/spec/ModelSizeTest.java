package io.aeserve.model.spec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.aeserve.error.InvalidInputException;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.BlockFactory;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parameter count computed from a spec equals what the DJL block of that spec allocates. */
class ModelSizeTest {

    static ModelSpec spec(Variant variant, Architecture architecture, List<Integer> inputShape, List<Integer> hidden,
            List<Integer> decoder, Integer latentDim) {
        return Specs.empty().variant(variant).architecture(architecture).inputShape(inputShape).hiddenLayers(hidden)
                .decoderLayers(decoder).latent(latentDim)
                .noise(variant == Variant.DENOISING ? new Noise(Noise.Type.GAUSSIAN, 0.2) : null).build();
    }

    /** The trainable values of the block built from the spec, counted array by array. */
    static long blockParameters(ModelSpec spec) {
        try (Model model = Model.newInstance("size", Engines.cpu().device(), "PyTorch")) {
            AutoencoderBlock block = BlockFactory.create(spec);
            model.setBlock(block);
            Shape input = new Shape(1).addAll(new Shape(spec.inputShape().stream().mapToLong(Integer::longValue)
                    .toArray()));
            block.initialize(model.getNDManager(), DataType.FLOAT32, input);
            long count = 0;
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                count += parameter.getValue().getArray().size();
            }
            return count;
        }
    }

    static void assertMatchesBlock(ModelSpec given) {
        ModelSpec spec = SpecValidator.complete(given);
        assertThat(ModelSize.of(spec).parameters()).as(spec.toString()).isEqualTo(blockParameters(spec));
    }

    @Test
    void denseVariantsCountLikeTheirBlocks() {
        // 20*12+12 + 12*4+4 + 4*12+12 + 12*20+20
        ModelSpec dense = SpecValidator.complete(spec(Variant.DENSE, null, List.of(20), List.of(12), null, 4));
        assertThat(ModelSize.of(dense).parameters()).isEqualTo(624);
        assertMatchesBlock(dense);
        assertMatchesBlock(spec(Variant.DENSE, null, List.of(20), List.of(), null, 3));
        assertMatchesBlock(spec(Variant.DENSE, null, List.of(30), List.of(16, 8), List.of(5, 11, 7), 4));
        assertMatchesBlock(spec(Variant.SPARSE, null, List.of(10), List.of(8), null, 40));
        assertMatchesBlock(spec(Variant.CONTRACTIVE, null, List.of(10), List.of(), null, 3));
        assertMatchesBlock(spec(Variant.CONTRACTIVE, null, List.of(10), List.of(7, 5), null, 3));
        assertMatchesBlock(spec(Variant.DENOISING, null, List.of(12), List.of(9), null, 3));
        assertMatchesBlock(spec(Variant.VARIATIONAL, null, List.of(16), List.of(12), null, 4));
        assertMatchesBlock(spec(Variant.VARIATIONAL, null, List.of(16), List.of(5), List.of(6), 2));
    }

    @Test
    void convolutionalVariantsCountLikeTheirBlocks() {
        assertMatchesBlock(spec(Variant.CONVOLUTIONAL, null, List.of(1, 8, 8), List.of(4, 6), null, null));
        assertMatchesBlock(spec(Variant.CONVOLUTIONAL, null, List.of(3, 8, 4), List.of(5), null, 6));
        assertMatchesBlock(spec(Variant.DENOISING, Architecture.CONVOLUTIONAL, List.of(2, 8, 8), List.of(3, 4),
                null, 5));
        assertMatchesBlock(spec(Variant.DENSE, Architecture.CONVOLUTIONAL, List.of(1, 4, 4), List.of(2), null, null));
        assertMatchesBlock(spec(Variant.VARIATIONAL, Architecture.CONVOLUTIONAL, List.of(1, 8, 8), List.of(4, 2),
                null, 3));
        // the default image model: 320 + 18496 + 3136*64+64 + 64*3136+3136 + 36928 + 18464 + 289
        ModelSpec fashion = SpecValidator.complete(spec(Variant.CONVOLUTIONAL, null, List.of(1, 28, 28),
                List.of(32, 64), null, 64));
        assertThat(ModelSize.of(fashion).parameters()).isEqualTo(479_105);
        assertMatchesBlock(fashion);
    }

    @Test
    void randomSpecsAreValidAndCountedExactlyOrRefusedByName() {
        Random random = new Random(7);
        Variant[] variants = Variant.values();
        int built = 0;
        for (int i = 0; i < 120; i++) {
            Variant variant = variants[random.nextInt(variants.length)];
            boolean conv = variant == Variant.CONVOLUTIONAL
                    || (variant != Variant.SPARSE && variant != Variant.CONTRACTIVE && random.nextBoolean());
            List<Integer> shape = conv
                    ? List.of(1 + random.nextInt(3), 1 << random.nextInt(5), 1 << random.nextInt(5))
                    : List.of(1 + random.nextInt(24));
            List<Integer> hidden = widths(random, conv ? 3 : 4, conv ? 6 : 24);
            List<Integer> decoder = !conv && random.nextBoolean() ? widths(random, 3, 24) : null;
            Integer latent = random.nextInt(5) == 0 ? null : 1 + random.nextInt(conv ? 8 : 24);
            ModelSpec given = spec(variant, conv ? Architecture.CONVOLUTIONAL : null, shape, hidden, decoder, latent);
            ModelSpec spec;
            try {
                spec = SpecValidator.complete(given);
            } catch (InvalidInputException e) {
                assertThat(e.errors()).as(given.toString()).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.field()).startsWith("spec"));
                continue;
            }
            assertThat(ModelSize.of(spec).parameters()).as(spec.toString()).isEqualTo(blockParameters(spec));
            built++;
        }
        assertThat(built).isGreaterThan(30);
    }

    private static List<Integer> widths(Random random, int maxLayers, int maxWidth) {
        List<Integer> widths = new ArrayList<>();
        int layers = random.nextInt(maxLayers + 1);
        for (int i = 0; i < layers; i++) {
            widths.add(1 + random.nextInt(maxWidth));
        }
        return widths;
    }

    @Test
    void countsSaturateInsteadOfOverflowing() {
        assertThat(ModelSize.times(Long.MAX_VALUE / 2, 3)).isEqualTo(Long.MAX_VALUE);
        assertThat(ModelSize.plus(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        ModelSpec wide = Specs.of(Variant.SPARSE, 16_777_216).architecture(Architecture.DENSE)
                .hidden(65_536, 65_536).decoder(65_536, 65_536).latent(65_536).build();
        assertThat(ModelSize.of(wide).parameters())
                .isEqualTo(2 * (1L << 40) + 4 * (1L << 32) + 5 * 65_536 + 16_777_216);
    }
}
