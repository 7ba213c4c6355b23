package dev.jita.asl;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/** What every execution of one {@link LocalStepFunctions} shares: time, functions, task tokens, randomness. */
final class Engine {
    static final String TOKEN_PREFIX = "asl1:";

    final Scheduler scheduler;
    final Map<String, LambdaFunction> functions;
    final RandomGenerator random;
    final String region;
    final String account;
    final Clock clock;
    final Map<String, TaskWait> tokens = new ConcurrentHashMap<>();
    private final AtomicLong tokenSeq = new AtomicLong();
    private final SecureRandom tokenRandom = new SecureRandom();
    private final String engineId;

    Engine(Scheduler scheduler, Map<String, LambdaFunction> functions, RandomGenerator random, String region,
           String account) {
        this.scheduler = scheduler;
        this.functions = Map.copyOf(functions);
        this.random = random;
        this.region = region;
        this.account = account;
        this.clock = new EngineTime(scheduler, ZoneOffset.UTC);
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        this.engineId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** A fresh task token: unguessable enough for a local engine, and recognisably ours. */
    String newToken() {
        byte[] secret = new byte[12];
        tokenRandom.nextBytes(secret);
        String raw = TOKEN_PREFIX + engineId + ":" + tokenSeq.incrementAndGet() + ":"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** True when {@code token} has the shape of a token some engine of this kind issued. */
    static boolean wellFormed(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return false;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
            return raw.startsWith(TOKEN_PREFIX) && raw.split(":").length == 4;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The engine's time as a java.time.Clock, for handlers that must agree with the workflow's time. */
    private static final class EngineTime extends Clock {
        private final Scheduler scheduler;
        private final ZoneId zone;

        EngineTime(Scheduler scheduler, ZoneId zone) {
            this.scheduler = scheduler;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new EngineTime(scheduler, z);
        }

        @Override
        public Instant instant() {
            return scheduler.now();
        }
    }
}
