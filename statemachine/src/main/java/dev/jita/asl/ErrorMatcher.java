package dev.jita.asl;

import java.util.List;

/**
 * How Retry and Catch match an error name, as AWS documents it: States.ALL matches every error except the terminal
 * States.Runtime and States.DataLimitExceeded; States.TaskFailed matches the same minus the timeouts; States.Timeout
 * also matches a heartbeat timeout. States.Runtime is never retried or caught: it always fails the execution.
 */
final class ErrorMatcher {
    private ErrorMatcher() {
    }

    static boolean matches(List<String> errorEquals, String error) {
        if ("States.Runtime".equals(error)) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error)) {
                return true;
            }
            if (isTerminal(error)) {
                continue;
            }
            switch (name) {
                case "States.ALL" -> {
                    return true;
                }
                case "States.TaskFailed" -> {
                    if (!isTimeout(error)) {
                        return true;
                    }
                }
                case "States.Timeout" -> {
                    if ("States.HeartbeatTimeout".equals(error)) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** Errors that no wildcard matches. */
    static boolean isTerminal(String error) {
        return "States.Runtime".equals(error) || "States.DataLimitExceeded".equals(error);
    }

    private static boolean isTimeout(String error) {
        return "States.Timeout".equals(error) || "States.HeartbeatTimeout".equals(error);
    }
}
