package dev.jita.standins;

import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.TargetAccounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link TargetAccounts} on fixed gateways, one per account, no STS in between: for tests of what the services do
 * per account. An account not given is refused as an unconfigured one is.
 */
public final class FixedTargets implements TargetAccounts {
    private final String home;
    private final Map<String, IamGateway> byAccount;

    private FixedTargets(String home, Map<String, IamGateway> byAccount) {
        this.home = Objects.requireNonNull(home, "home");
        this.byAccount = new LinkedHashMap<>(byAccount);
        if (!this.byAccount.containsKey(home)) {
            throw new IllegalArgumentException("no gateway for the home account " + home);
        }
    }

    /** One account, the home one. */
    public static FixedTargets single(String home, IamGateway iam) {
        return new FixedTargets(home, Map.of(home, iam));
    }

    /** The home account's gateway and the targets', in this order. */
    public static FixedTargets of(String home, IamGateway homeIam, Map<String, IamGateway> targets) {
        Map<String, IamGateway> all = new LinkedHashMap<>();
        all.put(home, homeIam);
        all.putAll(targets);
        return new FixedTargets(home, all);
    }

    @Override
    public String homeAccount() {
        return home;
    }

    @Override
    public List<String> accounts() {
        return List.copyOf(byAccount.keySet());
    }

    @Override
    public IamGateway in(String accountId, String sessionName) {
        IamGateway iam = byAccount.get(accountId);
        if (iam == null) {
            throw new IamGatewayException.TargetUnreachable(accountId,
                    IamGatewayException.TargetUnreachable.Kind.NOT_CONFIGURED,
                    "jita cannot act in account " + accountId + ": not configured in this test", null);
        }
        return iam;
    }
}
