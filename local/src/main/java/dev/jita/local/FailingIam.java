package dev.jita.local;

import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Failure injection around an {@link IamGateway}: fails the next N calls of one operation with a chosen error, or
 * every call, and passes everything else through. Without anything armed it is a plain pass-through, so jita local
 * can always hold one. Thread-safe.
 */
public final class FailingIam implements IamGateway {

    /** The IAM operations jita calls. */
    public enum Operation { PUT_ROLE_POLICY, GET_ROLE_POLICY, DELETE_ROLE_POLICY, LIST_ROLE_POLICIES, GET_ROLE, LIST_ROLES }

    /** Forever, for {@link #failNext}. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private final IamGateway inner;
    private final Map<Operation, Armed> armed = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);

    public FailingIam(IamGateway inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The next {@code times} calls of {@code operation} throw what {@code error} makes ({@link #ALWAYS}: all). */
    public synchronized FailingIam failNext(Operation operation, int times, Supplier<? extends IamGatewayException> error) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        armed.put(operation, new Armed(times, error));
        return this;
    }

    /** IAM's throttling, as AwsIamGateway reports it: retryable. */
    public static Supplier<IamGatewayException> throttling() {
        return () -> new IamGatewayException.ServiceFailure("IAM throttled the call: Rate exceeded (try again later)",
                true, null);
    }

    /** Disarms every operation. */
    public synchronized void heal() {
        armed.clear();
    }

    /** How many times {@code operation} was called, failed calls included. */
    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    private void enter(Operation operation) {
        IamGatewayException failure = null;
        synchronized (this) {
            calls.merge(operation, 1, Integer::sum);
            Armed a = armed.get(operation);
            if (a != null) {
                failure = a.error.get();
                if (a.remaining != ALWAYS) {
                    if (a.remaining <= 1) {
                        armed.remove(operation);
                    } else {
                        armed.put(operation, new Armed(a.remaining - 1, a.error));
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void putRolePolicy(String roleName, String policyName, String document) {
        enter(Operation.PUT_ROLE_POLICY);
        inner.putRolePolicy(roleName, policyName, document);
    }

    @Override
    public String getRolePolicy(String roleName, String policyName) {
        enter(Operation.GET_ROLE_POLICY);
        return inner.getRolePolicy(roleName, policyName);
    }

    @Override
    public void deleteRolePolicy(String roleName, String policyName) {
        enter(Operation.DELETE_ROLE_POLICY);
        inner.deleteRolePolicy(roleName, policyName);
    }

    @Override
    public List<String> listRolePolicies(String roleName) {
        enter(Operation.LIST_ROLE_POLICIES);
        return inner.listRolePolicies(roleName);
    }

    @Override
    public IamRole getRole(String roleName) {
        enter(Operation.GET_ROLE);
        return inner.getRole(roleName);
    }

    @Override
    public List<IamRole> listRoles(String pathPrefix) {
        enter(Operation.LIST_ROLES);
        return inner.listRoles(pathPrefix);
    }

    private record Armed(int remaining, Supplier<? extends IamGatewayException> error) {
    }
}
