package dev.jita.store;

import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import java.util.Map;

/**
 * What one guarded write changes on a request. Every part is optional; whatever is set is written in the
 * same conditional update, with the version bumped.
 *
 * @param target     the new status; the write is refused unless the stored status may move to it
 * @param approverId with {@code approval}: records that approver's decision; refused unless the request is
 *                   PENDING_APPROVAL and the approver has not decided yet
 */
public record RequestUpdate(Status target, GrantWindow window, String approverId, Approval approval,
                            Map<String, String> grant, String incidentId, String taskToken) {

    public RequestUpdate {
        if ((approverId == null) != (approval == null)) {
            throw new IllegalArgumentException("approverId and approval go together");
        }
        grant = grant == null ? null : Map.copyOf(grant);
    }

    public static RequestUpdate moveTo(Status target) {
        return new RequestUpdate(target, null, null, null, null, null, null);
    }

    public static RequestUpdate decision(String approverId, Approval approval) {
        return new RequestUpdate(null, null, approverId, approval, null, null, null);
    }

    public static RequestUpdate taskTokenOnly(String taskToken) {
        return new RequestUpdate(null, null, null, null, null, null, taskToken);
    }

    /** What the grant step recorded, status unchanged (an Identity Center grant's permission set, issue 14). */
    public static RequestUpdate grantOnly(Map<String, String> grant) {
        return new RequestUpdate(null, null, null, null, grant, null, null);
    }

    public RequestUpdate withTarget(Status newTarget) {
        return new RequestUpdate(newTarget, window, approverId, approval, grant, incidentId, taskToken);
    }

    public RequestUpdate withWindow(GrantWindow newWindow) {
        return new RequestUpdate(target, newWindow, approverId, approval, grant, incidentId, taskToken);
    }

    public RequestUpdate withDecision(String newApproverId, Approval newApproval) {
        return new RequestUpdate(target, window, newApproverId, newApproval, grant, incidentId, taskToken);
    }

    public RequestUpdate withGrant(Map<String, String> newGrant) {
        return new RequestUpdate(target, window, approverId, approval, newGrant, incidentId, taskToken);
    }

    public RequestUpdate withIncident(String newIncidentId) {
        return new RequestUpdate(target, window, approverId, approval, grant, newIncidentId, taskToken);
    }

    public RequestUpdate withTaskToken(String newTaskToken) {
        return new RequestUpdate(target, window, approverId, approval, grant, incidentId, newTaskToken);
    }

    /** The task token is a credential for the workflow's wait (security.md): never in a log line. */
    @Override
    public String toString() {
        return "RequestUpdate[target=" + target + ", window=" + window + ", approverId=" + approverId
                + ", approval=" + approval + ", grant=" + grant + ", incidentId=" + incidentId + ", taskToken="
                + (taskToken == null ? null : "<redacted>") + "]";
    }
}
