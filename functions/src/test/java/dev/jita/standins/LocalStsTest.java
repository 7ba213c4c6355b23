package dev.jita.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jita.store.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStsTest {
    private static final String TARGET = "arn:aws:iam::444455556666:role/jita-system/jita-target";
    private static final String GRANT = "arn:aws:sts::111122223333:assumed-role/jita-grant/jita-grant";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final LocalSts sts = new LocalSts(new MutableClock(T0));

    @Test
    void assumeRole_shouldGiveCredentialsFor900Seconds_whenTheTrustNamesTheCallersRole() {
        sts.createRole(TARGET, List.of("arn:aws:iam::111122223333:role/jita-grant"));

        LocalSts.Credentials credentials = sts.assumeRole(GRANT, TARGET, "r-1", 900);

        assertEquals(T0.plusSeconds(900), credentials.expiration());
        assertEquals(20, credentials.accessKeyId().length());
    }

    @Test
    void assumeRole_shouldBeDeniedInStsWords_whenTheTrustDoesNotNameTheCaller() {
        sts.createRole(TARGET, List.of("arn:aws:iam::111122223333:role/jita-revoke"));

        var e = assertThrows(LocalSts.AccessDenied.class, () -> sts.assumeRole(GRANT, TARGET, "r-1", 900));

        assertEquals("User: " + GRANT + " is not authorized to perform: sts:AssumeRole on resource: " + TARGET,
                e.getMessage());
    }

    @Test
    void assumeRole_shouldBeDeniedTheSameWay_whenTheRoleDoesNotExist() {
        String missing = "arn:aws:iam::777788889999:role/jita-system/jita-target";

        var e = assertThrows(LocalSts.AccessDenied.class, () -> sts.assumeRole(GRANT, missing, "r-1", 900));

        assertEquals("User: " + GRANT + " is not authorized to perform: sts:AssumeRole on resource: " + missing,
                e.getMessage());
        assertEquals(1, sts.calls());
    }

    @Test
    void assumeRole_shouldRefuseSessionNamesAndDurationsStsRefuses() {
        sts.createRole(TARGET, List.of("arn:aws:iam::111122223333:role/jita-grant"));

        assertThrows(LocalSts.ValidationError.class, () -> sts.assumeRole(GRANT, TARGET, "r", 900));
        assertThrows(LocalSts.ValidationError.class, () -> sts.assumeRole(GRANT, TARGET, "has space", 900));
        assertThrows(LocalSts.ValidationError.class, () -> sts.assumeRole(GRANT, TARGET, "r-1", 899));
    }
}
