package dev.jita.handlers;

import dev.jita.incidents.IncidentResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The incident function's answer for each result (EventBridge ignores it; the log and the tests read it). */
final class IncidentAnswers {
    private IncidentAnswers() {
    }

    static Map<String, Object> of(IncidentResponse.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (result instanceof IncidentResponse.Refused r) {
            out.put("outcome", "STALE");
            out.put("reason", r.reason());
        } else if (result instanceof IncidentResponse.OutOfOrder o) {
            out.put("outcome", "OUT_OF_ORDER");
            out.put("recorded", o.recorded().name());
        } else if (result instanceof IncidentResponse.Applied a) {
            out.put("outcome", "APPLIED");
            out.put("approved", a.approved());
            out.put("revoked", a.revoked());
            out.put("tooLate", a.tooLate());
        } else if (result instanceof IncidentResponse.Duplicate) {
            out.put("outcome", "DUPLICATE");
        } else {
            throw new IllegalStateException("no answer for incident result " + result.getClass().getSimpleName());
        }
        return out;
    }
}
