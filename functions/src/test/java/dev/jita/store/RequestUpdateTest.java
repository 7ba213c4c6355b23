package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.Status;
import org.junit.jupiter.api.Test;

class RequestUpdateTest {

    // security.md "Approval links": task tokens never appear in logs; a record's toString is what a log line or an
    // exception message would show.
    @Test
    void toString_shouldRedactTheTaskToken() {
        String taskToken = "AQCEAAAAKgAAAAMAAAAAAAAAATaskTokenSecret0123456789";

        String shown = RequestUpdate.taskTokenOnly(taskToken).withTarget(Status.PENDING_APPROVAL).toString();

        assertFalse(shown.contains(taskToken), shown);
        assertFalse(shown.contains("TaskTokenSecret"), shown);
        assertTrue(shown.contains("taskToken=<redacted>") && shown.contains("PENDING_APPROVAL"), shown);
    }
}
