package dev.jita.cli;

import java.util.Optional;

/**
 * The exit codes of {@code jita}, one per outcome a script may want to tell apart. Listed in every command's
 * {@code --help} and in cli/README.md; never renumbered.
 */
public enum ExitCode {
    OK(0, "done; with --wait: the grant is active; with --watch: the request ended EXPIRED or REVOKED"),
    API_ERROR(1, "jita refused or failed the call (its reason and one-sentence detail are printed)"),
    USAGE(2, "the command line is wrong (see --help)"),
    DENIED(3, "an approver denied the request"),
    TIMED_OUT(4, "nobody decided before the approval timeout"),
    CANCELLED(5, "the request was cancelled"),
    FAILED(6, "jita could not grant (FAILED) or could not take the grant back (REVOKE_FAILED)"),
    UNREACHABLE(7, "no endpoint, no AWS credentials or region, or jita could not be reached"),
    CHAIN_BROKEN(8, "verify: the audit hash chain does not hold, or the export and the table differ");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * The exit for a request that has come to rest in {@code status}; empty while it can still change.
     * ACTIVE counts as rest only when waiting for the grant ({@code untilActive}).
     */
    public static Optional<ExitCode> forStatus(String status, boolean untilActive) {
        return Optional.ofNullable(switch (status) {
            case "ACTIVE" -> untilActive ? OK : null;
            case "EXPIRED", "REVOKED" -> OK; // the grant came and went: nothing wrong
            case "DENIED" -> DENIED;
            case "TIMED_OUT" -> TIMED_OUT;
            case "CANCELLED" -> CANCELLED;
            case "FAILED", "REVOKE_FAILED" -> FAILED;
            default -> null; // PENDING_APPROVAL, APPROVED, SCHEDULED, and any status newer than this CLI
        });
    }

    /** For picocli's exitCodeList: "code:meaning". */
    public static String[] helpList() {
        ExitCode[] all = values();
        String[] lines = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            lines[i] = all[i].code + ":" + all[i].meaning;
        }
        return lines;
    }
}
