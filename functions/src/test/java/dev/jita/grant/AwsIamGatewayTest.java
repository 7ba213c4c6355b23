package dev.jita.grant;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;
import software.amazon.awssdk.services.iam.model.UnmodifiableEntityException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SDK-to-jita error mapping, against a hand-written IamClient (no network). */
class AwsIamGatewayTest {

    private final FakeIam fake = new FakeIam();
    private final AwsIamGateway gateway = new AwsIamGateway(fake);

    private static <B extends AwsServiceException.Builder> AwsServiceException build(B builder, String code, int status) {
        builder.message(code + " from IAM").statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " from IAM").build());
        return builder.build();
    }

    // security.md, Grants: "NoSuchEntity on revoke is success": the SDK's exception surfaces as our type, and the
    // idempotent delete reports "already gone" instead of failing.
    @Test
    void deleteRolePolicy_shouldThrowOurNoSuchEntity_whenIamSaysNoSuchEntity() {
        AwsServiceException sdk = build(NoSuchEntityException.builder(), "NoSuchEntity", 404);
        fake.failWith = () -> sdk;

        var e = assertThrows(IamGatewayException.NoSuchEntity.class, () -> gateway.deleteRolePolicy("Engineer", "jita-1"));
        assertSame(sdk, e.getCause());
        assertTrue(e.getMessage().contains("DeleteRolePolicy") && e.getMessage().contains("Engineer"), e.getMessage());
        assertFalse(gateway.deleteRolePolicyIfPresent("Engineer", "jita-1"));
    }

    @Test
    void putRolePolicy_shouldMapEachIamErrorToOurType() {
        assertMaps(build(LimitExceededException.builder(), "LimitExceeded", 409), IamGatewayException.LimitExceeded.class);
        assertMaps(build(MalformedPolicyDocumentException.builder(), "MalformedPolicyDocument", 400),
                IamGatewayException.MalformedPolicyDocument.class);
        assertMaps(build(InvalidInputException.builder(), "InvalidInput", 400), IamGatewayException.InvalidInput.class);
        assertMaps(build(IamException.builder(), "ValidationError", 400), IamGatewayException.InvalidInput.class);
        assertMaps(build(NoSuchEntityException.builder(), "NoSuchEntity", 404), IamGatewayException.NoSuchEntity.class);
    }

    @Test
    void putRolePolicy_shouldMarkThrottlingOutagesAndNetworkAsRetryable() {
        assertTrue(serviceFailure(build(ServiceFailureException.builder(), "ServiceFailure", 500)).retryable());
        assertTrue(serviceFailure(build(IamException.builder(), "Throttling", 400)).retryable());
        assertTrue(serviceFailure(build(IamException.builder(), "InternalFailure", 503)).retryable());
        assertTrue(serviceFailure(SdkClientException.create("connection reset")).retryable());
    }

    @Test
    void putRolePolicy_shouldMarkPermissionAndEntityProblemsAsNotRetryable() {
        assertFalse(serviceFailure(build(IamException.builder(), "AccessDenied", 403)).retryable());
        assertFalse(serviceFailure(build(UnmodifiableEntityException.builder(), "UnmodifiableEntity", 400)).retryable());
    }

    @Test
    void putRolePolicy_shouldSendTheDocumentUnchanged() {
        gateway.putRolePolicy("Engineer", "jita-1", "{\"Version\":\"2012-10-17\"}");
        PutRolePolicyRequest sent = (PutRolePolicyRequest) fake.requests.get(0);
        assertEquals("Engineer", sent.roleName());
        assertEquals("jita-1", sent.policyName());
        assertEquals("{\"Version\":\"2012-10-17\"}", sent.policyDocument());
    }

    @Test
    void getRolePolicy_shouldUndoIamsUrlEncoding() {
        fake.policyDocument = "%7B%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2Fa%2Bb%20c%22%7D";
        assertEquals("{\"Resource\":\"arn:aws:s3:::b/a+b c\"}", gateway.getRolePolicy("Engineer", "jita-1"));
    }

    @Test
    void listRolePolicies_shouldFollowEveryPage() {
        fake.pages = List.of(List.of("a", "b"), List.of("c"), List.of("d"));
        assertEquals(List.of("a", "b", "c", "d"), gateway.listRolePolicies("Engineer"));
        assertEquals(3, fake.requests.size());
        assertEquals("page-1", ((ListRolePoliciesRequest) fake.requests.get(1)).marker());
    }

    private void assertMaps(SdkException sdk, Class<? extends IamGatewayException> expected) {
        fake.failWith = () -> sdk;
        IamGatewayException e = assertThrows(IamGatewayException.class, () -> gateway.putRolePolicy("Engineer", "jita-1", "{}"));
        assertInstanceOf(expected, e);
        assertSame(sdk, e.getCause());
    }

    private IamGatewayException.ServiceFailure serviceFailure(SdkException sdk) {
        fake.failWith = () -> sdk;
        return assertThrows(IamGatewayException.ServiceFailure.class,
                () -> gateway.putRolePolicy("Engineer", "jita-1", "{}"));
    }

    /** Implements only the operations the gateway uses; the SDK's default methods throw for the rest. */
    private static final class FakeIam implements IamClient {
        Supplier<SdkException> failWith;
        String policyDocument = "";
        List<List<String>> pages = List.of(List.of());
        final List<Object> requests = new ArrayList<>();

        private void maybeFail(Object request) {
            requests.add(request);
            if (failWith != null) {
                throw failWith.get();
            }
        }

        @Override
        public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest request) {
            maybeFail(request);
            return PutRolePolicyResponse.builder().build();
        }

        @Override
        public GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest request) {
            maybeFail(request);
            return GetRolePolicyResponse.builder().roleName(request.roleName()).policyName(request.policyName())
                    .policyDocument(policyDocument).build();
        }

        @Override
        public DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest request) {
            maybeFail(request);
            return DeleteRolePolicyResponse.builder().build();
        }

        @Override
        public ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest request) {
            maybeFail(request);
            int page = request.marker() == null ? 0 : Integer.parseInt(request.marker().substring(5));
            boolean more = page + 1 < pages.size();
            return ListRolePoliciesResponse.builder().policyNames(pages.get(page)).isTruncated(more)
                    .marker(more ? "page-" + (page + 1) : null).build();
        }

        @Override
        public String serviceName() {
            return "iam";
        }

        @Override
        public void close() {
        }
    }
}
