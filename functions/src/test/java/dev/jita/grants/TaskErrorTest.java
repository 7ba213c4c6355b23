package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

class TaskErrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void from_shouldKeepOnlyTheMessage_whenTheCauseIsALambdaError() throws Exception {
        String cause = "{\"errorMessage\":\"Role Engineer is full [SIZE_LIMIT]\",\"errorType\":\"x.Y\","
                + "\"stackTrace\":[\"at secret.Internal\"]}";

        TaskError error = TaskError.from(JSON.readTree("{\"Error\":\"x.Y\",\"Cause\":" + JSON.writeValueAsString(cause)
                + "}"));

        assertEquals("x.Y", error.error());
        assertEquals("Role Engineer is full [SIZE_LIMIT]", error.message());
        assertFalse(error.message().contains("stackTrace"));
    }

    @Test
    void from_shouldKeepAPlainCause() throws Exception {
        TaskError error = TaskError.from(JSON.readTree("{\"Error\":\"States.Timeout\",\"Cause\":\"took too long\"}"));

        assertEquals("States.Timeout", error.error());
        assertEquals("took too long", error.message());
    }

    @Test
    void from_shouldGiveNone_whenThereIsNoError() {
        assertSame(TaskError.NONE, TaskError.from(null));
        assertSame(TaskError.NONE, TaskError.from(NullNode.getInstance()));
    }

    @Test
    void message_shouldBeCut_whenVeryLong() {
        assertEquals(TaskError.MAX_MESSAGE, new TaskError("E", "x".repeat(5000)).message().length());
    }

    @Test
    void reasonIn_shouldReadTheCodeAtTheEndOfARefusal() {
        GrantRefused refused = new GrantRefused(GrantRefused.Reason.WINDOW_PASSED, "The window ended.");

        assertEquals(GrantRefused.Reason.WINDOW_PASSED, GrantRefused.reasonIn(refused.getMessage()).orElseThrow());
        assertFalse(GrantRefused.reasonIn("Something else [NOT_A_CODE]").isPresent());
        assertFalse(GrantRefused.reasonIn(null).isPresent());
    }
}
