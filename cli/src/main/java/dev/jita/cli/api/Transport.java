package dev.jita.cli.api;

import java.util.Map;

/** One HTTP call to jita's API; the signed one in use, a fake in unit tests. */
public interface Transport {
    /**
     * @param path  the route, e.g. {@code /requests/r-1/cancel}, appended to the endpoint's path
     * @param query parameters, in order; null values are left out
     * @param body  null for none
     */
    Response send(String method, String path, Map<String, String> query, byte[] body, Map<String, String> headers);

    record Response(int status, Map<String, String> headers, byte[] body) {
        /** A header's value, names compared ignoring case. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }
}
