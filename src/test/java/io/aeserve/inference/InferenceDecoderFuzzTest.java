package io.aeserve.inference;

import io.aeserve.error.InvalidInputException;
import io.aeserve.storage.Npy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random and mutated bodies (cut short, bits flipped, header numbers made huge) for every row decoder: each
 * either reads rows or refuses with the exceptions the API answers with 4xx, never anything else.
 */
class InferenceDecoderFuzzTest {

    static final List<Integer> MODEL_SHAPE = List.of(1, 4, 4);
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A mutation of a valid body. */
    record Mutation(int kind, int position, int value) {

        byte[] apply(byte[] valid) {
            if (valid.length == 0) {
                return valid;
            }
            int at = Math.floorMod(position, valid.length);
            byte[] bytes = valid.clone();
            switch (kind) {
                case 0 -> bytes = Arrays.copyOf(valid, at);
                case 1 -> bytes[at] ^= (byte) (1 << Math.floorMod(value, 8));
                case 2 -> {
                    // a huge little-endian number where a length or a dimension may be
                    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    if (at + 4 <= bytes.length) {
                        buffer.putInt(at, value | 0x40000000);
                    }
                }
                case 3 -> bytes[at] = (byte) value;
                default -> bytes = Arrays.copyOf(valid, valid.length + 1 + Math.floorMod(value, 64));
            }
            return bytes;
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers(),
                Arbitraries.integers()).as(Mutation::new);
    }

    static void only4xx(Runnable decode) {
        try {
            decode.run();
        } catch (InvalidInputException expected) {
            // the documented 400
        }
    }

    @Property(tries = 300)
    void rawFloat32(@ForAll("mutations") Mutation mutation, @ForAll("shapes") String shape) {
        byte[] valid = RowCodecs.toRaw(new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        only4xx(() -> RowCodecs.fromRaw(mutation.apply(valid), shape, List.of(4)));
    }

    @Provide
    Arbitrary<String> shapes() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("4", "2,2", "65536,65536", "2147483647,3",
                "0", "-1", "x", "1,1,1,1,1,1,1,1,4"), Arbitraries.strings().ofMaxLength(30),
                Arbitraries.integers().list().ofMaxSize(4).map(dims -> String.join(",",
                        dims.stream().map(String::valueOf).toList())));
    }

    @Property(tries = 400)
    void npy(@ForAll("mutations") Mutation mutation, @ForAll("npyVersions") int major) {
        byte[] valid = major == 1 ? Npy.write(new float[] {1, 2, 3, 4, 5, 6}, List.of(2, 3))
                : RowCodecsTest.npy(major, RowCodecsTest.dict("(2, 3)"), 1, 2, 3, 4, 5, 6);
        only4xx(() -> RowCodecs.fromNpy(mutation.apply(valid)));
    }

    @Provide
    Arbitrary<Integer> npyVersions() {
        return Arbitraries.integers().between(1, 3);
    }

    @Property(tries = 200)
    void npyHeaderNumbers(@ForAll("npyVersions") int major, @ForAll("dimensions") List<Long> dims) {
        String shape = "(" + String.join(", ", dims.stream().map(String::valueOf).toList()) + ",)";
        only4xx(() -> RowCodecs.fromNpy(RowCodecsTest.npy(major, RowCodecsTest.dict(shape), 1, 2, 3, 4)));
    }

    @Provide
    Arbitrary<List<Long>> dimensions() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, 1L, 2L, 65536L, 2147483647L,
                2147483648L, 4294967296L, Long.MAX_VALUE)).list().ofMinSize(0).ofMaxSize(6);
    }

    @Property(tries = 200)
    void png(@ForAll("mutations") Mutation mutation) {
        only4xx(() -> RowCodecs.fromPng(mutation.apply(PNG), MODEL_SHAPE));
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

    @Property(tries = 300)
    void jsonRows(@ForAll("mutations") Mutation mutation) {
        byte[] valid = "[[1, 2.5, -3e2], [4, 5, 6]]".getBytes(StandardCharsets.UTF_8);
        byte[] body = mutation.apply(valid);
        try {
            MAPPER.readValue(body, InputRows.class);
        } catch (InvalidInputException expected) {
            // the documented 400
        } catch (JacksonException expected) {
            // malformed JSON: the advice answers 400 (InvalidInputException among its causes, or malformed-body)
        }
    }

    @Property(tries = 100)
    void randomBytes(@ForAll byte[] body) {
        only4xx(() -> RowCodecs.fromNpy(body));
        only4xx(() -> RowCodecs.fromRaw(body, null, List.of(4)));
        only4xx(() -> RowCodecs.fromPng(body, MODEL_SHAPE));
    }
}
