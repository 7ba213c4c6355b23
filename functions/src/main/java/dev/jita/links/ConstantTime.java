package dev.jita.links;

import java.security.MessageDigest;

/** The one comparison of secrets in this package: MACs and CSRF tokens go through here. */
public final class ConstantTime {

    private ConstantTime() {
    }

    /**
     * Equality whose running time does not depend on where the arrays differ, so a forger learns nothing from
     * timing. {@link MessageDigest#isEqual} has been constant-time since JDK 6u17, also across lengths.
     */
    public static boolean equals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
