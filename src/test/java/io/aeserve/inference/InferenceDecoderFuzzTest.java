package io.aeserve.inference;

import io.aeserve.error.InvalidInputException;
import io.aeserve.storage.Npy;
import io.aeserve.support.ByteMutation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random and mutated bodies (cut short, bits flipped, header numbers made huge) for every row decoder: each
 * either reads rows or refuses with the exceptions the API answers with 4xx, never anything else. Inputs come from
 * seeded generators, so a failure replays exactly.
 */
class InferenceDecoderFuzzTest {

    static final List<Integer> MODEL_SHAPE = List.of(1, 4, 4);
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final String[] SHAPES = {null, "4", "2,2", "65536,65536", "2147483647,3", "0", "-1", "x",
        "1,1,1,1,1,1,1,1,4"};
    private static final long[] DIMENSIONS = {0L, 1L, 2L, 65536L, 2147483647L, 2147483648L, 4294967296L,
        Long.MAX_VALUE};

    private static String shape(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> SHAPES[random.nextInt(SHAPES.length)];
            case 1 -> {
                byte[] chars = new byte[random.nextInt(31)];
                random.nextBytes(chars);
                yield new String(chars, StandardCharsets.ISO_8859_1);
            }
            default -> {
                List<String> dims = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    dims.add(String.valueOf(random.nextInt()));
                }
                yield String.join(",", dims);
            }
        };
    }

    static void only4xx(Runnable decode) {
        try {
            decode.run();
        } catch (InvalidInputException expected) {
            // the documented 400
        }
    }

    @Test
    void rawFloat32() {
        Random random = new Random(21);
        byte[] valid = RowCodecs.toRaw(new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        for (int i = 0; i < 300; i++) {
            byte[] body = ByteMutation.next(random).apply(valid);
            String shape = shape(random);
            only4xx(() -> RowCodecs.fromRaw(body, shape, List.of(4)));
        }
    }

    @Test
    void npy() {
        Random random = new Random(22);
        for (int i = 0; i < 400; i++) {
            int major = 1 + random.nextInt(3);
            byte[] valid = major == 1 ? Npy.write(new float[] {1, 2, 3, 4, 5, 6}, List.of(2, 3))
                    : RowCodecsTest.npy(major, RowCodecsTest.dict("(2, 3)"), 1, 2, 3, 4, 5, 6);
            byte[] body = ByteMutation.next(random).apply(valid);
            only4xx(() -> RowCodecs.fromNpy(body));
        }
    }

    @Test
    void npyHeaderNumbers() {
        Random random = new Random(23);
        for (int i = 0; i < 200; i++) {
            int major = 1 + random.nextInt(3);
            List<String> dims = new ArrayList<>();
            for (int d = random.nextInt(7); d > 0; d--) {
                dims.add(String.valueOf(random.nextBoolean() ? random.nextLong()
                        : DIMENSIONS[random.nextInt(DIMENSIONS.length)]));
            }
            String shape = "(" + String.join(", ", dims) + ",)";
            only4xx(() -> RowCodecs.fromNpy(RowCodecsTest.npy(major, RowCodecsTest.dict(shape), 1, 2, 3, 4)));
        }
    }

    @Test
    void mutatedPngs() {
        Random random = new Random(24);
        for (int i = 0; i < 200; i++) {
            byte[] body = ByteMutation.next(random).apply(PNG);
            only4xx(() -> RowCodecs.fromPng(body, MODEL_SHAPE));
        }
    }

    static final byte[] PNG = png();

    static byte[] png() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(1, 1, 0, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void jsonRows() {
        Random random = new Random(25);
        byte[] valid = "[[1, 2.5, -3e2], [4, 5, 6]]".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 300; i++) {
            byte[] body = ByteMutation.next(random).apply(valid);
            try {
                MAPPER.readValue(body, InputRows.class);
            } catch (InvalidInputException expected) {
                // the documented 400
            } catch (JacksonException expected) {
                // malformed JSON: the advice answers 400 (InvalidInputException among its causes, or malformed-body)
            }
        }
    }

    @Test
    void randomBytes() {
        Random random = new Random(26);
        for (int i = 0; i < 100; i++) {
            byte[] body = new byte[random.nextInt(256)];
            random.nextBytes(body);
            only4xx(() -> RowCodecs.fromNpy(body));
            only4xx(() -> RowCodecs.fromRaw(body, null, List.of(4)));
            only4xx(() -> RowCodecs.fromPng(body, MODEL_SHAPE));
        }
    }
}
