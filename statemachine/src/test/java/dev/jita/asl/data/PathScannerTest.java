package dev.jita.asl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathScannerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "$.a, 1              | 0 | 3",
        "$['a,b'], 1         | 0 | 8",
        "$.a[?(@.x in [1,2])]) | 0 | 20",
        "f($.a), 2           | 2 | 5",
        "$.a                 | 0 | 3",
    })
    void argumentEnd_shouldStopAtATopLevelCommaOrAnUnopenedCloser(String text, int from, int end) {
        assertEquals(end, PathScanner.argumentEnd(text, from));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "$.a[0]        | true",
        "$['a]']       | true",
        "$.a[?(@.x)]   | true",
        "$.a[          | false",
        "$.a]          | false",
        "$['a          | false",
        "$.a[?(@.x]    | false",
    })
    void balanced_shouldSeeEveryBracketAndQuoteClosed(String text, boolean balanced) {
        assertEquals(balanced, PathScanner.balanced(text));
    }
}
