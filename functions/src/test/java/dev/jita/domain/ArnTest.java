package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArnTest {

    @Test
    void parse_shouldSplitSixFields_andKeepColonsInTheResource() {
        Arn arn = Arn.parse("arn:aws:logs:eu-west-1:111122223333:log-group:/prod/app:*".replace(":*", ":log-stream"));

        assertEquals("aws", arn.partition());
        assertEquals("logs", arn.service());
        assertEquals("eu-west-1", arn.region());
        assertEquals("111122223333", arn.account());
        assertEquals("log-group:/prod/app:log-stream", arn.resource());
        assertEquals("arn:aws:logs:eu-west-1:111122223333:log-group:/prod/app:log-stream", arn.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc",
        "arn:aws:s3:::example-bucket",
        "arn:aws:s3:::example-bucket/reports/2026/01.csv",
        "arn:aws:iam::111122223333:role/Engineer",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:sts::111122223333:assumed-role/Engineer/alice",
        "arn:aws-cn:ec2:cn-northwest-1:111122223333:instance/i-0abc",
        "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:instance/i-0abc",
        "arn:aws-iso:ec2:us-iso-east-1:111122223333:instance/i-0abc",
        "arn:aws-iso-b:ec2:us-isob-east-1:111122223333:instance/i-0abc",
        "arn:aws-iso-e:ec2:eu-isoe-west-1:111122223333:instance/i-0abc",
        "arn:aws-iso-f:ec2:us-isof-south-1:111122223333:instance/i-0abc",
        "arn:aws-eusc:ec2:eusc-de-east-1:111122223333:instance/i-0abc",
        "arn:aws:ec2:eu-west-1::image/ami-0abc",
        "arn:aws:route53:::hostedzone/Z0123456789",
        "arn:aws:cloudfront::111122223333:distribution/E123",
        "arn:aws:rds:eu-west-1:111122223333:db:prod-orders",
        "arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/orders",
    })
    void parse_shouldAccept_realArns(String text) {
        assertEquals(text, Arn.parse(text).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            arn:aws:ec2:eu-west-1:111122223333:instance/*          | WILDCARD_NOT_ALLOWED | wildcard
            arn:aws:ec2:eu-west-1:111122223333:instance/i-0ab?     | WILDCARD_NOT_ALLOWED | wildcard
            arn:aws:ec2:*:111122223333:instance/i-0abc             | WILDCARD_NOT_ALLOWED | wildcard
            arn:aws:s3:::bucket/${aws:username}                    | INVALID_ARN          | policy variable
            arn:aws:ec2:eu-west-1:111122223333                     | INVALID_ARN          | six fields
            arn:aws:ec2:eu-west-1:111122223333:                    | INVALID_ARN          | resource field is empty
            arx:aws:ec2:eu-west-1:111122223333:instance/i-0abc     | INVALID_ARN          | six fields
            arn:aws-mars:ec2:eu-west-1:111122223333:instance/i-1   | INVALID_ARN          | not an AWS partition
            arn:AWS:ec2:eu-west-1:111122223333:instance/i-1        | INVALID_ARN          | not an AWS partition
            arn:aws:EC2:eu-west-1:111122223333:instance/i-1        | INVALID_ARN          | not a service name
            arn:aws::eu-west-1:111122223333:instance/i-1           | INVALID_ARN          | not a service name
            arn:aws:ec2:euwest1:111122223333:instance/i-1          | INVALID_ARN          | not a region code
            arn:aws:ec2:eu-west-1:11112222333:instance/i-1         | INVALID_ARN          | not a 12-digit account
            arn:aws:ec2:eu-west-1:1111222233334:instance/i-1       | INVALID_ARN          | not a 12-digit account
            arn:aws:ec2:eu-west-1:aws:instance/i-1                 | INVALID_ARN          | not a 12-digit account
            arn:aws:lambda:eu-west-1::function:f                   | INVALID_ARN          | need a 12-digit account
            arn:aws:iam:eu-west-1:111122223333:role/Engineer       | INVALID_ARN          | have no region
            """)
    void parse_shouldRefuse_withReasonAndExplanation(String text, Reason reason, String fragment) {
        InvalidArnException e = assertThrows(InvalidArnException.class, () -> Arn.parse(text));

        assertEquals(reason, e.refusal().reason());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t", "\n", "\r", "\u0000", "\u007f", "\u00a0", "\u2028", "\u200b", "\u3000", "\ufeff"})
    void parse_shouldRefuse_whitespaceAndControlCharacters_withoutEchoingThem(String bad) {
        String text = "arn:aws:s3:::bucket/a" + bad + "b";

        InvalidArnException e = assertThrows(InvalidArnException.class, () -> Arn.parse(text));

        assertEquals(Reason.INVALID_ARN, e.refusal().reason());
        assertTrue(e.getMessage().contains("whitespace or an invisible character"), e.getMessage());
        assertTrue(e.getMessage().codePoints().noneMatch(cp -> cp == bad.codePointAt(0) && cp != ' '));
    }

    @Test
    void parse_shouldRefuse_anArnLongerThan2048() {
        String prefix = "arn:aws:s3:::bucket/";
        String ok = prefix + "k".repeat(Arn.MAX_LENGTH - prefix.length());
        String tooLong = ok + "k";

        assertEquals(Arn.MAX_LENGTH, Arn.parse(ok).toString().length());
        InvalidArnException e = assertThrows(InvalidArnException.class, () -> Arn.parse(tooLong));
        assertTrue(e.getMessage().contains("at most 2048"));
    }

    @Test
    void parse_shouldRefuse_emptyAndNull() {
        assertEquals(Reason.INVALID_ARN, assertThrows(InvalidArnException.class, () -> Arn.parse("")).refusal().reason());
        assertEquals(Reason.INVALID_ARN, assertThrows(InvalidArnException.class, () -> Arn.parse(null)).refusal().reason());
    }
}
