package io.aeserve.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a key or token may do. Each scope is granted on its own; none implies another. */
public enum Scope {
    /** List and get models, versions, jobs and datasets. */
    READ,
    /** Encode, decode, reconstruct, denoise, anomaly-score and generate. */
    INFER,
    /** Create models, upload datasets, train and cancel jobs. */
    TRAIN,
    /** Delete, promote, import, export and change tags. */
    ADMIN;

    /** The scope as keys, tokens and settings write it: {@code read}, {@code infer}, ... */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority this scope grants ({@code SCOPE_read}, ...). */
    public String authority() {
        return "SCOPE_" + value();
    }

    /** The scope written {@code text}, or {@code null} when no scope is written so. */
    static Scope parse(String text) {
        for (Scope scope : values()) {
            if (scope.value().equalsIgnoreCase(text.trim())) {
                return scope;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(Scope::value).collect(Collectors.joining(", "));
    }
}
