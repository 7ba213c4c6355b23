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

    /**
     * One chain's result.
     *
     * @param name        {@link #MAIN} or {@link #LINK_REJECTIONS}
     * @param valid       true when every entry is present, in order, unaltered, and no earlier than the one before
     * @param events      how many entries were read
     * @param firstBadSeq the first sequence number that is altered, missing, out of place or dated before its
     *                    predecessor
     */
    public record Chain(String name, boolean valid, int events, OptionalLong firstBadSeq) {

        public static Chain ok(String name, int events) {
            return new Chain(name, true, events, OptionalLong.empty());
        }

        public static Chain badAt(String name, int events, long seq) {
            return new Chain(name, false, events, OptionalLong.of(seq));
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

    /** The named chain's result. */
    public Chain chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no audit chain named " + name));
    }

    private Optional<Chain> firstBad() {
        return chains.stream().filter(c -> !c.valid()).findFirst();
    }
}
