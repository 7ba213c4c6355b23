package dev.jita.store;

import java.util.OptionalLong;

/**
 * The result of recomputing one request's audit chain.
 *
 * @param valid       true when every entry is present, in order, unaltered
 * @param events      how many entries were read
 * @param firstBadSeq the first sequence number that is altered, missing or out of place
 */
public record Verification(boolean valid, int events, OptionalLong firstBadSeq) {

    static Verification ok(int events) {
        return new Verification(true, events, OptionalLong.empty());
    }

    static Verification badAt(int events, long seq) {
        return new Verification(false, events, OptionalLong.of(seq));
    }
}
