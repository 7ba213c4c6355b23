package dev.jita.links;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.BiPredicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * security.md, Approval links: "constant-time MAC comparison". LocalHmacSigner.verify and CsrfTokens (through the
 * signer) compare MACs only through {@link ConstantTime#equals}; KMS VerifyMac compares inside KMS.
 *
 * <p>The timing check uses 1 MiB arrays so that an early-exit comparison differs from a full scan by orders of
 * magnitude (nanoseconds against tens of microseconds); the threshold (20 %) leaves wide room for a busy machine.
 * The same measurement applied to {@link Arrays#equals(byte[], byte[])} must see the difference, which shows the
 * check can fail.
 */
class ConstantTimeTest {

    private static final int SIZE = 1 << 20;

    @Test
    void equals_shouldCompareContents() {
        assertTrue(ConstantTime.equals(new byte[]{1, 2, 3}, new byte[]{1, 2, 3}));
        assertFalse(ConstantTime.equals(new byte[]{1, 2, 3}, new byte[]{1, 2, 4}));
        assertFalse(ConstantTime.equals(new byte[]{1, 2, 3}, new byte[]{1, 2}));
        assertTrue(ConstantTime.equals(new byte[0], new byte[0]));
    }

    @Test
    void equals_shouldTakeAsLongForAnEarlyMismatchAsForALateOne() {
        double ratio = earlyToLateRatio(ConstantTime::equals);
        assertTrue(ratio > 0.2, "an early mismatch took " + ratio + " of a late one's time");
    }

    @Test
    void measurement_shouldDetectAnEarlyExitComparison() {
        double ratio = earlyToLateRatio(Arrays::equals);
        assertTrue(ratio < 0.2, "Arrays.equals early/late ratio " + ratio);
    }

    /** Median time of a mismatch at byte 0 divided by the median time of a mismatch at the last byte. */
    private static double earlyToLateRatio(BiPredicate<byte[], byte[]> compare) {
        byte[] a = new byte[SIZE];
        byte[] early = new byte[SIZE];
        byte[] late = new byte[SIZE];
        early[0] = 1;
        late[SIZE - 1] = 1;
        int rounds = 61;
        long[] earlyTimes = new long[rounds];
        long[] lateTimes = new long[rounds];
        boolean sink = false;
        for (int warm = 0; warm < 200; warm++) {
            sink ^= compare.test(a, early) ^ compare.test(a, late);
        }
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            sink ^= compare.test(a, early);
            long t1 = System.nanoTime();
            sink ^= compare.test(a, late);
            long t2 = System.nanoTime();
            earlyTimes[i] = t1 - t0;
            lateTimes[i] = t2 - t1;
        }
        assertFalse(sink);
        Arrays.sort(earlyTimes);
        Arrays.sort(lateTimes);
        return (double) earlyTimes[rounds / 2] / Math.max(1, lateTimes[rounds / 2]);
    }
}
