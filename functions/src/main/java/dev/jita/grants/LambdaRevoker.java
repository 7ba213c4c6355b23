package dev.jita.grants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.AwsErrors;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@link RemoteRevoker} as a synchronous invocation (RequestResponse) of the revoke function's {@code live} alias, the
 * one the workflow invokes ({@code JITA_REVOKE_FUNCTION}). The function's own error (Lambda's FunctionError, its
 * payload {@code {errorType, errorMessage}}) and a failed invocation both become a {@link RevokeFunctionException}.
 */
public final class LambdaRevoker implements RemoteRevoker {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Messages stay short in logs. */
    private static final int MAX_DETAIL = 300;

    private final LambdaClient lambda;
    private final String functionArn;

    /** @param functionArn the revoke function's alias ARN */
    public LambdaRevoker(LambdaClient lambda, String functionArn) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
    }

    @Override
    public RevokeNowCall.Answer revokeNow(RevokeNowCall call) {
        InvokeResponse response;
        try {
            response = lambda.invoke(r -> r.functionName(functionArn).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(call.toJson().toString())));
        } catch (SdkException e) {
            throw new RevokeFunctionException(call.requestId(), "could not invoke the revoke function " + functionArn
                    + " (" + AwsErrors.reason(e) + ")", e);
        }
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new RevokeFunctionException(call.requestId(), "the revoke function failed ("
                    + response.functionError() + "): " + errorIn(payload), null);
        }
        RevokeNowCall.Answer answer;
        try {
            answer = RevokeNowCall.Answer.from(JSON.readTree(payload));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RevokeFunctionException(call.requestId(), "the revoke function answered what it never answers: "
                    + cut(payload), e);
        }
        if (!answer.requestId().equals(call.requestId())) {
            throw new RevokeFunctionException(call.requestId(), "the revoke function answered for request "
                    + answer.requestId(), null);
        }
        return answer;
    }

    /** Lambda's error payload: {@code errorType: errorMessage}, never the stack trace. */
    private static String errorIn(String payload) {
        try {
            JsonNode error = JSON.readTree(payload);
            if (error != null && error.isObject()) {
                return cut(error.path("errorType").asText("unknown error") + ": "
                        + error.path("errorMessage").asText("no message"));
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the raw text
        }
        return cut(payload);
    }

    private static String cut(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }
}
