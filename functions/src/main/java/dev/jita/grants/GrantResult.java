package dev.jita.grants;

import dev.jita.domain.Status;

/**
 * What the grant step did.
 *
 * @param status  the request's status afterwards
 * @param changed false when a re-run found the grant already in place, or the request revoked before it began
 */
public record GrantResult(String requestId, Status status, String roleName, String policyName, boolean changed) {
}
