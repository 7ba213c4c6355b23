package dev.jita.domain;

/**
 * IAM-style wildcard matching: {@code *} is any run of characters (including none), {@code ?} exactly one.
 * Works on code points and without regular expressions, so a hostile pattern cannot cause catastrophic
 * backtracking: the greedy-star algorithm below is O(pattern x text) at worst.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    static boolean matches(String pattern, String text) {
        int[] p = pattern.codePoints().toArray();
        int[] t = text.codePoints().toArray();
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length) {
            if (pi < p.length && p[pi] == '*') {
                star = pi++;
                mark = ti;
            } else if (pi < p.length && (p[pi] == '?' || p[pi] == t[ti])) {
                pi++;
                ti++;
            } else if (star >= 0) {
                // Let the last star swallow one more character and retry from there.
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }
}
