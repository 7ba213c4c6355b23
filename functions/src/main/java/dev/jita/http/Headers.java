package dev.jita.http;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP request headers: names compared case-insensitively (HTTP says so, and API Gateway passes them as the client
 * spelled them), each with every value it was sent with, in order.
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(Map.of());

    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> source) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        source.forEach((name, list) -> {
            if (name != null && list != null) {
                copy.merge(name, List.copyOf(list.stream().filter(v -> v != null).toList()),
                        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
            }
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    public static Headers of(Map<String, List<String>> multiValue) {
        return multiValue == null || multiValue.isEmpty() ? EMPTY : new Headers(multiValue);
    }

    public static Headers single(Map<String, String> singleValue) {
        if (singleValue == null || singleValue.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, List<String>> multi = new TreeMap<>();
        singleValue.forEach((k, v) -> multi.put(k, v == null ? List.of() : List.of(v)));
        return new Headers(multi);
    }

    /** The first value of the header, if it was sent. */
    public Optional<String> first(String name) {
        List<String> all = all(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every value of the header, empty if it was not sent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return !all(name).isEmpty();
    }

    /** Header names as sent (one spelling each) with their values. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public String toString() {
        // Names only: values may hold credentials (Authorization, X-Amz-Security-Token).
        return "Headers" + values.keySet();
    }
}
