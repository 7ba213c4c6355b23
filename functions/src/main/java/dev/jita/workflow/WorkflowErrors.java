package dev.jita.workflow;

import java.util.List;

/**
 * The error names that statemachine/approval.asl.json catches and retries: a contract between the Java code that
 * raises them and the workflow definition that matches them. A test checks that every name the ASL file uses is
 * listed here and raised somewhere.
 */
public final class WorkflowErrors {
    /** SendTaskFailure error when an approver denies: AwaitApproval's Catch goes to Denied. */
    public static final String DENIED = "Denied";
    /** SendTaskFailure error when the requester withdraws a pending request: AwaitApproval's Catch goes to Cancelled. */
    public static final String CANCELLED = "Cancelled";
    /**
     * The Lambda errorType of {@link TransientFailure}, which the Grant state retries. Lambda's Java runtime names an
     * error by the exception's class name.
     */
    public static final String TRANSIENT = TransientFailure.class.getName();

    /**
     * The Lambda errorType of {@link ProvisioningPending}: Identity Center is still provisioning (AwaitProvisioning
     * asks again, bounded) or deleting (Revoke retries it like any failure).
     */
    public static final String PROVISIONING_PENDING = ProvisioningPending.class.getName();

    /** Every error name the definition matches besides AWS's own (States.*, Lambda.*). */
    public static final List<String> ALL = List.of(DENIED, CANCELLED, TRANSIENT, PROVISIONING_PENDING);

    private WorkflowErrors() {
    }
}
