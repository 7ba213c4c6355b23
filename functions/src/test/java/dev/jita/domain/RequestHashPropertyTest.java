package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RequestHashPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BLANKS = {"", " ", "  ", "\n", "\t", "\r\n", " \n  "};

    @Property(tries = 1000)
    void hash_shouldNotChange_whenActionsAndResourcesAreReorderedRecasedOrRepeated(
            @ForAll("requests") AccessRequest r, @ForAll Random random) {
        List<String> actions = new ArrayList<>();
        for (String a : r.actions()) {
            actions.add(randomCase(a, random));
            if (random.nextInt(4) == 0) {
                actions.add(randomCase(a, random));
            }
        }
        List<String> resources = new ArrayList<>(r.resources());
        resources.add(r.resources().get(random.nextInt(resources.size())));
        Collections.shuffle(actions, random);
        Collections.shuffle(resources, random);
        AccessRequest same = new AccessRequest(r.requestId(), r.requester(), actions, resources, r.duration(),
                r.justification(), r.ticket(), r.startAt(), r.ruleId(), r.createdAt());

        assertEquals(RequestHash.of(r), RequestHash.of(same));
    }

    @Property(tries = 500)
    void hash_shouldNotChange_whenTheJsonItIsReadFromHasOtherFieldOrderAndWhitespace(
            @ForAll("requests") AccessRequest r, @ForAll Random random) throws Exception {
        String json = scrambledJson(r, random);

        assertEquals(RequestHash.of(r), RequestHash.of(Fixtures.fromJson(JSON.readTree(json))), json);
    }

    enum Change {
        REQUESTER_ARN, ACCOUNT, ROLE, SESSION, USER_ID, ADD_ACTION, DROP_ACTION, RENAME_ACTION, ADD_RESOURCE,
        DROP_RESOURCE, RECASE_RESOURCE, DURATION, START_AT, RULE_ID, JUSTIFICATION, TICKET
    }

    @Property(tries = 2000)
    void hash_shouldChange_underAnyChangeOfMeaning(@ForAll("requests") AccessRequest r, @ForAll Change change,
                                                   @ForAll Random random) {
        AccessRequest changed = change(r, change, random);

        assertNotEquals(RequestHash.of(r), RequestHash.of(changed), change + ": " + RequestHash.canonicalJson(changed));
    }

    @Property(tries = 200)
    void hash_shouldNotChange_whenOnlyIdentityOrRecordingTimeChange(@ForAll("requests") AccessRequest r,
                                                                     @ForAll("ids") String otherId) {
        AccessRequest copy = new AccessRequest(otherId, r.requester(), r.actions(), r.resources(), r.duration(),
                r.justification(), r.ticket(), r.startAt(), r.ruleId(), r.createdAt().plusSeconds(3600));

        assertEquals(RequestHash.of(r), RequestHash.of(copy));
    }

    private static AccessRequest change(AccessRequest r, Change change, Random random) {
        Requester q = r.requester();
        List<String> actions = new ArrayList<>(r.actions());
        List<String> resources = new ArrayList<>(r.resources());
        Duration duration = r.duration();
        Instant startAt = r.startAt();
        String ruleId = r.ruleId();
        String justification = r.justification();
        String ticket = r.ticket();
        switch (change) {
            case REQUESTER_ARN -> q = new Requester(q.arn() + "x", q.accountId(), q.roleName(), q.sessionName(), q.userId());
            case ACCOUNT -> q = new Requester(q.arn(), "444455556666", q.roleName(), q.sessionName(), q.userId());
            case ROLE -> q = new Requester(q.arn(), q.accountId(), q.roleName() + "2", q.sessionName(), q.userId());
            case SESSION -> q = new Requester(q.arn(), q.accountId(), q.roleName(), q.sessionName() + "2", q.userId());
            case USER_ID -> q = new Requester(q.arn(), q.accountId(), q.roleName(), q.sessionName(), q.userId() + "2");
            case ADD_ACTION -> actions.add("newservice:BrandNewAction");
            case DROP_ACTION -> actions.remove(random.nextInt(actions.size()));
            case RENAME_ACTION -> {
                int i = random.nextInt(actions.size());
                actions.set(i, actions.get(i) + "Z");
            }
            case ADD_RESOURCE -> resources.add("arn:aws:s3:::another-bucket/new-object");
            case DROP_RESOURCE -> resources.remove(random.nextInt(resources.size()));
            case RECASE_RESOURCE -> resources.set(0, flipFirstLetter(resources.get(0)));
            case DURATION -> duration = duration.plusSeconds(random.nextBoolean() ? 1 : -1);
            case START_AT -> startAt = startAt == null ? Instant.parse("2026-06-01T00:00:00Z") : random.nextBoolean()
                    ? null : startAt.plusNanos(1);
            case RULE_ID -> ruleId = ruleId + "-other";
            case JUSTIFICATION -> justification = random.nextBoolean() ? justification + " " : " " + justification;
            case TICKET -> ticket = ticket == null ? "" : random.nextBoolean() ? null : ticket + "1";
        }
        return new AccessRequest(r.requestId(), q, actions, resources, duration, justification, ticket, startAt,
                ruleId, r.createdAt());
    }

    /** ARNs are case-sensitive: s3:::bucket/Key and s3:::bucket/key are two objects. */
    private static String flipFirstLetter(String arn) {
        int prefix = "arn:aws:s3:::".length();
        for (int i = prefix; i < arn.length(); i++) {
            char c = arn.charAt(i);
            if (Character.isLetter(c)) {
                char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                return arn.substring(0, i) + flipped + arn.substring(i + 1);
            }
        }
        return arn + "A";
    }

    private static String scrambledJson(AccessRequest r, Random random) throws Exception {
        Requester q = r.requester();
        List<String> requester = new ArrayList<>(List.of(
                field("arn", q.arn(), random), field("accountId", q.accountId(), random),
                field("roleName", q.roleName(), random), field("sessionName", q.sessionName(), random),
                field("userId", q.userId(), random)));
        List<String> fields = new ArrayList<>(List.of(
                field("requestId", r.requestId(), random),
                blank(random) + "\"requester\"" + blank(random) + ":" + blank(random) + object(requester, random),
                field("actions", r.actions(), random), field("resources", r.resources(), random),
                field("duration", r.duration().toString(), random), field("justification", r.justification(), random),
                field("ticket", r.ticket(), random),
                field("startAt", r.startAt() == null ? null : r.startAt().toString(), random),
                field("ruleId", r.ruleId(), random), field("createdAt", r.createdAt().toString(), random)));
        return object(fields, random);
    }

    private static String object(List<String> fields, Random random) {
        Collections.shuffle(fields, random);
        return blank(random) + "{" + String.join("," + blank(random), fields) + blank(random) + "}" + blank(random);
    }

    private static String field(String name, Object value, Random random) throws Exception {
        String json = JSON.writeValueAsString(value);
        if (value instanceof List<?>) {
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        }
        return blank(random) + "\"" + name + "\"" + blank(random) + ":" + blank(random) + json + blank(random);
    }

    private static String blank(Random random) {
        return BLANKS[random.nextInt(BLANKS.length)];
    }

    private static String randomCase(String s, Random random) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(36);
    }

    @Provide
    Arbitrary<AccessRequest> requests() {
        Arbitrary<Requester> requester = Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().withChars("=,.@-").ofMinLength(2).ofMaxLength(20))
                .as(Fixtures::session);
        Arbitrary<String> action = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(10),
                Arbitraries.strings().withCharRange('A', 'Z').ofLength(1),
                Arbitraries.strings().alpha().ofMinLength(2).ofMaxLength(20))
                .as((service, first, rest) -> service + ":" + first + rest);
        Arbitrary<List<String>> actions = action.list().ofMinSize(1).ofMaxSize(10)
                .uniqueElements(a -> a.toLowerCase(Locale.ROOT));
        Arbitrary<String> resource = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(3).ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().withChars("/-_.=+,@").ofMinLength(1).ofMaxLength(40))
                .as((bucket, key) -> "arn:aws:s3:::" + bucket + "/" + key);
        Arbitrary<List<String>> resources = resource.list().ofMinSize(1).ofMaxSize(10).uniqueElements();
        Arbitrary<Duration> duration = Arbitraries.longs().between(60, 43_200).map(Duration::ofSeconds);
        Arbitrary<Instant> startAt = Combinators.combine(
                Arbitraries.longs().between(1_767_225_600L, 1_798_761_600L), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond).injectNull(0.3);
        // Any characters at all, unpaired surrogates included: the hash must still tell texts apart.
        Arbitrary<String> justification = Arbitraries.strings().ofMinLength(10).ofMaxLength(200);
        Arbitrary<String> ticket = Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1)
                .ofMaxLength(20).injectNull(0.3);
        Arbitrary<String> ruleId = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(1).ofMaxLength(30);
        return Combinators.combine(requester, actions, resources, duration, startAt, justification, ticket, ruleId)
                .as((who, a, res, d, start, why, t, rule) -> new AccessRequest("req-1", who, a, res, d, why, t, start,
                        rule, Instant.parse("2026-11-02T09:00:00Z")));
    }
}
