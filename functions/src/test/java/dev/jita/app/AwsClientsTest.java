package dev.jita.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Where the clients Lambda gets send their calls, from the SDK's own endpoint rules: nothing of jita's decides a
 * host. An HTTP client records each request and stops it before it leaves the JVM.
 */
class AwsClientsTest {
    private final List<SdkHttpRequest> sent = new ArrayList<>();
    private final SdkHttpClient recording = new SdkHttpClient() {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            sent.add(request.httpRequest());
            throw new IllegalStateException("recorded, not sent");
        }

        @Override
        public void close() {
        }
    };
    private final StaticCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    @Test
    void iam_shouldCallThePartitionsGlobalEndpoint_signedForItsRegion_whateverTheFunctionsRegion() {
        call(() -> AwsClients.build(IamClient.builder().region(Region.EU_WEST_1).credentialsProvider(credentials),
                recording).getRole(r -> r.roleName("Engineer")));
        call(() -> AwsClients.build(IamClient.builder().region(Region.CN_NORTHWEST_1).credentialsProvider(credentials),
                recording).getRole(r -> r.roleName("Engineer")));
        call(() -> AwsClients.build(IamClient.builder().region(Region.US_GOV_WEST_1).credentialsProvider(credentials),
                recording).getRole(r -> r.roleName("Engineer")));

        assertEquals(List.of("iam.amazonaws.com", "iam.cn-north-1.amazonaws.com.cn", "iam.us-gov.amazonaws.com"),
                sent.stream().map(SdkHttpRequest::host).toList());
        assertTrue(scope(0).contains("/us-east-1/iam/aws4_request"), scope(0));
        assertTrue(scope(1).contains("/cn-north-1/iam/aws4_request"), scope(1));
    }

    @Test
    void regionalServices_shouldCallTheFunctionsRegion() {
        call(() -> AwsClients.build(KmsClient.builder().region(Region.EU_CENTRAL_1).credentialsProvider(credentials),
                recording).generateMac(r -> r.keyId("alias/jita-links")));
        call(() -> AwsClients.build(SfnClient.builder().region(Region.AP_SOUTHEAST_2).credentialsProvider(credentials),
                recording).startExecution(r -> r.stateMachineArn("arn").name("r-1")));

        assertEquals(List.of("kms.eu-central-1.amazonaws.com", "states.ap-southeast-2.amazonaws.com"),
                sent.stream().map(SdkHttpRequest::host).toList());
    }

    // Identity Center lives in one region, chosen at deployment, which need not be the function's.
    @Test
    void identityCenterClients_shouldCallTheGivenRegion_onTheGivenCredentials() {
        call(() -> AwsClients.ssoAdmin(Region.US_EAST_1, credentials, recording).listPermissionSets(r -> r
                .instanceArn("arn:aws:sso:::instance/ssoins-0123456789abcdef")));
        call(() -> AwsClients.identityStore(Region.US_EAST_1, credentials, recording).describeUser(r -> r
                .identityStoreId("d-0123456789").userId("u-1")));

        assertEquals(List.of("sso.us-east-1.amazonaws.com", "identitystore.us-east-1.amazonaws.com"),
                sent.stream().map(SdkHttpRequest::host).toList());
        assertTrue(scope(0).contains("Credential=AKIDEXAMPLE/") && scope(0).contains("/us-east-1/sso/aws4_request"),
                scope(0));
        assertTrue(scope(1).contains("/us-east-1/identitystore/aws4_request"), scope(1));
    }

    private String scope(int index) {
        return sent.get(index).firstMatchingHeader("Authorization").orElse("unsigned");
    }

    private static void call(Runnable call) {
        assertThrows(RuntimeException.class, call::run);
    }
}
