package dev.jita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void forStatus_shouldGiveEachEndItsOwnCode_andWaitOnWhatCanStillChange() {
        assertEquals(Optional.of(ExitCode.OK), ExitCode.forStatus("ACTIVE", true));
        assertEquals(Optional.empty(), ExitCode.forStatus("ACTIVE", false));
        for (String waiting : new String[]{"PENDING_APPROVAL", "APPROVED", "SCHEDULED"}) {
            assertEquals(Optional.empty(), ExitCode.forStatus(waiting, true), waiting);
            assertEquals(Optional.empty(), ExitCode.forStatus(waiting, false), waiting);
        }
        assertEquals(Optional.of(ExitCode.OK), ExitCode.forStatus("EXPIRED", false));
        assertEquals(Optional.of(ExitCode.OK), ExitCode.forStatus("REVOKED", false));
        assertEquals(Optional.of(ExitCode.DENIED), ExitCode.forStatus("DENIED", true));
        assertEquals(Optional.of(ExitCode.TIMED_OUT), ExitCode.forStatus("TIMED_OUT", true));
        assertEquals(Optional.of(ExitCode.CANCELLED), ExitCode.forStatus("CANCELLED", true));
        assertEquals(Optional.of(ExitCode.FAILED), ExitCode.forStatus("FAILED", true));
        assertEquals(Optional.of(ExitCode.FAILED), ExitCode.forStatus("REVOKE_FAILED", false));
    }

    @Test
    void codes_shouldBeDistinct_andDenyTimeoutCancelFailDifferFromEachOtherAndFromErrors() {
        Set<Integer> codes = Arrays.stream(ExitCode.values()).map(ExitCode::code).collect(Collectors.toSet());

        assertEquals(ExitCode.values().length, codes.size());
        assertEquals(3, ExitCode.DENIED.code());
        assertEquals(4, ExitCode.TIMED_OUT.code());
        assertEquals(5, ExitCode.CANCELLED.code());
        assertEquals(6, ExitCode.FAILED.code());
    }
}
