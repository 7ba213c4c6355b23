package dev.jita.audit;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of recomputing every audit chain of one request: its own ({@link #MAIN}) and that of its refused
 * unverified links ({@link #LINK_REJECTIONS}, {@code store.AuditLog.linkRejectionsOf}), in that order.
 *
 * @param chains one result per chain, the request's own first
 */
public record Verification(List<Chain> chains) {

    /** The request's own chain. */
    public static final String MAIN = "main";
    /** The side chain of links refused because their MAC did not verify. */
    public static final String LINK_REJECTIONS = "linkRejections";

    /** Why a chain's first bad entry is bad. */
    public enum Flaw {
        /** Altered, missing, out of place or dated before its predecessor: the hash chain does not hold there. */
        HASH_CHAIN,
        /** The entry carries no MAC under the audit key: written before entries were signed, or stripped of it. */
        MAC_MISSING,
        /** The entry's MAC does not verify under the audit key: rewritten by someone without that key. */
        MAC_INVALID
    }

    /**
     * One chain's result.
     *
     * @param name        {@link #MAIN} or {@link #LINK_REJECTIONS}
     * @param valid       true when every entry is present, in order, unaltered, no earlier than the one before, and
     *                    signed with the audit key
     * @param events      how many entries were read
     * @param firstBadSeq the first sequence number that is altered, missing, out of place, dated before its
     *                    predecessor, or not signed with the audit key
     * @param flaw        what is wrong at {@code firstBadSeq}
     */
    public record Chain(String name, boolean valid, int events, OptionalLong firstBadSeq, Optional<Flaw> flaw) {

        public static Chain ok(String name, int events) {
            return new Chain(name, true, events, OptionalLong.empty(), Optional.empty());
        }

        public static Chain badAt(String name, int events, long seq) {
            return badAt(name, events, seq, Flaw.HASH_CHAIN);
        }

        public static Chain badAt(String name, int events, long seq, Flaw flaw) {
            return new Chain(name, false, events, OptionalLong.of(seq), Optional.of(flaw));
        }
    }

    public Verification {
        chains = List.copyOf(chains);
    }

    /** True when every chain is. */
    public boolean valid() {
        return chains.stream().allMatch(Chain::valid);
    }

    /** Entries read, over all chains (as many as {@code GET /audit?requestId=} lists). */
    public int events() {
        return chains.stream().mapToInt(Chain::events).sum();
    }

    /** The first chain that is not valid, the request's own before its side chain. */
    public Optional<String> firstBadChain() {
        return firstBad().map(Chain::name);
    }

    /** The first bad sequence number of {@link #firstBadChain}. */
    public OptionalLong firstBadSeq() {
        return firstBad().map(Chain::firstBadSeq).orElse(OptionalLong.empty());
    }

    /** What is wrong at {@link #firstBadSeq} of {@link #firstBadChain}. */
    public Optional<Flaw> firstBadFlaw() {
        return firstBad().flatMap(Chain::flaw);
    }

    /** The named chain's result. */
    public Chain chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no audit chain named " + name));
    }

    private Optional<Chain> firstBad() {
        return chains.stream().filter(c -> !c.valid()).findFirst();
    }
}
