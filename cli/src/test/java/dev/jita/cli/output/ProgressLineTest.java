package dev.jita.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void onATerminal_shouldShowOneLine_rewrittenInPlace_withNothingLeftOfALongerText() {
        StringWriter written = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(written), true);

        line.update("r-1  pending approval: 0 of 1 approvals (alice, bob)  [1s]", "PENDING 0");
        line.update("r-1  pending approval: 0 of 1 approvals (alice, bob)  [2s]", "PENDING 0");
        line.update("r-1  approved, granting", "APPROVED 1");
        line.finish("r-1  ACTIVE: 29m 59s left (until 2026-11-03T10:45:00Z)");

        assertEquals(List.of("r-1  ACTIVE: 29m 59s left (until 2026-11-03T10:45:00Z)"),
                Terminal.screen(written.toString()));
        assertTrue(written.toString().contains("\r"), "rewritten with carriage returns");
    }

    @Test
    void onATerminal_shouldBlankWhatALongerPreviousTextLeft() {
        StringWriter written = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(written), true);

        line.update("r-1  pending approval: 0 of 1 approvals (alice, bob)", "a");
        line.update("r-1  DENIED", "b");

        assertEquals(List.of("r-1  DENIED"), Terminal.screen(written.toString()));
    }

    @Test
    void offATerminal_shouldPrintALinePerChange_notPerTick_andNoCarriageReturns() {
        StringWriter written = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(written), false);

        line.update("r-1  pending approval  [1s]", "PENDING 0");
        line.update("r-1  pending approval  [2s]", "PENDING 0");
        line.update("r-1  approved, granting", "APPROVED 1");
        line.finish("r-1  ACTIVE: 30m left");

        assertEquals("r-1  pending approval  [1s]\nr-1  approved, granting\nr-1  ACTIVE: 30m left\n",
                written.toString().replace(System.lineSeparator(), "\n"));
    }
}
