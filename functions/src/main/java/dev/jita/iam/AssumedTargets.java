package dev.jita.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link TargetAccounts} by assuming each target account's role: the home account's gateway as given, a configured
 * target's gateway on the credentials of one AssumeRole, kept per account until {@link #REFRESH_BEFORE} before they
 * expire (so a warm function makes one AssumeRole per account per credential lifetime), an account not configured
 * refused without asking STS. How the role is assumed is the {@link RoleAssumer}'s business: STS through the SDK in
 * Lambda, the STS stand-in in jita local.
 */
public final class AssumedTargets implements TargetAccounts {
    /** Credentials this close to their expiration are not handed out again: a grant or sweep must not outlive them. */
    public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    /** Assumes the target role of one account and gives IAM there on its credentials. */
    @FunctionalInterface
    public interface RoleAssumer {
        /**
         * @throws IamGatewayException.TargetUnreachable (REFUSED) when STS refuses the role
         * @throws IamGatewayException.ServiceFailure    for anything else, retryable where a later attempt may pass
         */
        Assumed assume(String accountId, String roleArn, String sessionName);
    }

    /** IAM in one account on assumed credentials, and when those expire. */
    public record Assumed(IamGateway iam, Instant expiration) {
        public Assumed {
            Objects.requireNonNull(iam, "iam");
            Objects.requireNonNull(expiration, "expiration");
        }
    }

    private final TargetConfig config;
    private final IamGateway home;
    private final RoleAssumer assumer;
    private final Clock clock;
    private final ConcurrentMap<String, Assumed> cache = new ConcurrentHashMap<>();

    public AssumedTargets(TargetConfig config, IamGateway home, RoleAssumer assumer, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.home = Objects.requireNonNull(home, "home");
        this.assumer = Objects.requireNonNull(assumer, "assumer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String homeAccount() {
        return config.homeAccount();
    }

    @Override
    public List<String> accounts() {
        return config.accounts();
    }

    @Override
    public IamGateway in(String accountId, String sessionName) {
        Objects.requireNonNull(accountId, "accountId");
        if (accountId.equals(config.homeAccount())) {
            return home;
        }
        if (!config.isTarget(accountId)) {
            throw new IamGatewayException.TargetUnreachable(accountId,
                    IamGatewayException.TargetUnreachable.Kind.NOT_CONFIGURED, config.notConfiguredMessage(accountId),
                    null);
        }
        // compute: one AssumeRole per account even when several threads (jita local) ask at once.
        return cache.compute(accountId, (account, held) -> held != null && fresh(held) ? held
                : assumer.assume(account, config.roleArn(account), sessionName)).iam();
    }

    private boolean fresh(Assumed held) {
        return clock.instant().isBefore(held.expiration().minus(REFRESH_BEFORE));
    }
}
