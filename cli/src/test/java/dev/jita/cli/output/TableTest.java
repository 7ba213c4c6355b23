package dev.jita.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void render_shouldAlignColumnsToTheWidestCell_twoSpacesApart_withoutTrailingBlanks() {
        String table = Table.of("REQUEST", "STATUS", "RULE")
                .row("r-1", "PENDING_APPROVAL", "it-terminate")
                .row("r-22", "ACTIVE", null)
                .render();

        assertEquals("""
                REQUEST  STATUS            RULE
                r-1      PENDING_APPROVAL  it-terminate
                r-22     ACTIVE            -
                """, table);
    }

    @Test
    void row_shouldKeepEachRowOnOneLine_andRefuseTheWrongNumberOfCells() {
        String table = Table.of("A", "B").row("x\ny", "z").render();

        assertEquals("A    B\nx y  z\n", table);
        assertThrows(IllegalArgumentException.class, () -> Table.of("A", "B").row("only one"));
    }
}
