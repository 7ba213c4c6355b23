package dev.jita.pages;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.Requester;

import dev.jita.facts.RequestFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A sample request as intake stores it, for the page and message tests. */
public final class Samples {

    public static final String ACTION = "ec2:TerminateInstances";
    public static final String RESOURCE = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234def567890";
    public static final String REQUESTER = "arn:aws:sts::111122223333:assumed-role/Engineer/carol";
    public static final String JUSTIFICATION = "Instance is wedged after the kernel update; INC-4411 needs it replaced.";
    public static final String TICKET = "OPS-1234";
    public static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");
    public static final Instant LINK_EXPIRES = Instant.parse("2026-11-23T10:30:00Z");

    private Samples() {
    }

    public static AccessRequest request(String justification, String ticket) {
        return new AccessRequest("req-7f3a", new Requester(REQUESTER, "111122223333", "Engineer", "carol", "AROAEXAMPLE:carol"),
                List.of(ACTION, "ec2:StopInstances"), List.of(RESOURCE), Duration.ofMinutes(90), justification, ticket,
                null, "prod-ec2-terminate", CREATED);
    }

    /** The request with one approval of two so far. */
    public static RequestFacts facts() {
        return RequestFacts.of(request(JUSTIFICATION, TICKET), 1, 2);
    }

    public static RequestFacts facts(String justification, String ticket) {
        return RequestFacts.of(request(justification, ticket), 1, 2);
    }
}
