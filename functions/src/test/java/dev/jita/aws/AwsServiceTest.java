package dev.jita.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsServiceTest {

    @Test
    void endpoint_shouldBeRegional_withTheSigningName() {
        assertEquals(new AwsEndpoint(URI.create("https://kms.eu-west-1.amazonaws.com"), "kms", "eu-west-1"),
                AwsService.KMS.endpoint("eu-west-1", Map.of()));
        assertEquals(new AwsEndpoint(URI.create("https://states.eu-west-1.amazonaws.com"), "states", "eu-west-1"),
                AwsService.STEP_FUNCTIONS.endpoint("eu-west-1", Map.of()));
        assertEquals(new AwsEndpoint(URI.create("https://email.eu-west-1.amazonaws.com"), "ses", "eu-west-1"),
                AwsService.SES_V2.endpoint("eu-west-1", Map.of()));
        assertEquals(new AwsEndpoint(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn"), "secretsmanager",
                "cn-north-1"), AwsService.SECRETS_MANAGER.endpoint("cn-north-1", Map.of()));
    }

    @Test
    void iam_shouldBeGlobal_signedForUsEast1_whateverTheRegion() {
        assertEquals(new AwsEndpoint(URI.create("https://iam.amazonaws.com"), "iam", "us-east-1"),
                AwsService.IAM.endpoint("eu-west-1", Map.of()));
        assertEquals(new AwsEndpoint(URI.create("https://iam.us-gov.amazonaws.com"), "iam", "us-gov-west-1"),
                AwsService.IAM.endpoint("us-gov-east-1", Map.of()));
    }

    @Test
    void endpoint_shouldFollowTheSdksEnvironmentOverrides_serviceFirst() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9000");
        assertEquals(new AwsEndpoint(URI.create("http://127.0.0.1:4566"), "states", "eu-west-1"),
                AwsService.STEP_FUNCTIONS.endpoint("eu-west-1", env));
        assertEquals(new AwsEndpoint(URI.create("http://127.0.0.1:9000"), "iam", "us-east-1"),
                AwsService.IAM.endpoint("eu-west-1", env));
    }
}
