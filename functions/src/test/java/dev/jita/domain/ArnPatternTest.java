package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArnPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            arn:aws:ec2:eu-west-1:111122223333:instance/*        | arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc        | true
            arn:aws:ec2:eu-west-1:111122223333:instance/*        | arn:aws:ec2:eu-west-1:111122223333:volume/vol-1           | false
            arn:aws:ec2:eu-west-1:111122223333:instance/*        | arn:aws:ec2:eu-west-2:111122223333:instance/i-0abc        | false
            arn:aws:ec2:eu-west-1:111122223333:instance/*        | arn:aws:ec2:eu-west-1:444455556666:instance/i-0abc        | false
            arn:aws:ec2:eu-west-1:111122223333:instance/*        | arn:aws-cn:ec2:eu-west-1:111122223333:instance/i-0abc     | false
            arn:aws:ec2:eu-west-1:111122223333:instance/*        | arn:aws:ec2:eu-west-1:111122223333:instance/              | true
            arn:aws:ec2:*:111122223333:instance/i-0abc           | arn:aws:ec2:us-east-1:111122223333:instance/i-0abc        | true
            arn:aws:ec2:eu-west-?:111122223333:instance/i-0abc   | arn:aws:ec2:eu-west-3:111122223333:instance/i-0abc        | true
            arn:aws:ec2:eu-west-?:111122223333:instance/i-0abc   | arn:aws:ec2:eu-west-10:111122223333:instance/i-0abc       | false
            arn:aws:ec2:eu-west-1:1111222233??:instance/i-1      | arn:aws:ec2:eu-west-1:111122223344:instance/i-1           | true
            arn:aws:s3:::example-bucket/*                        | arn:aws:s3:::example-bucket/a/b/c.csv                     | true
            arn:aws:s3:::example-bucket/*                        | arn:aws:s3:::example-bucket                               | false
            arn:aws:s3:::example-bucket/*                        | arn:aws:s3:::example-bucket-2/a                           | false
            arn:aws:s3:::example-*/reports/*                     | arn:aws:s3:::example-prod/reports/q1.csv                  | true
            arn:aws:logs:eu-west-1:111122223333:log-group:/prod/* | arn:aws:logs:eu-west-1:111122223333:log-group:/prod/app:log-stream:x | true
            arn:aws:rds:eu-west-1:111122223333:db:prod-*         | arn:aws:rds:eu-west-1:111122223333:db:staging-1           | false
            arn:aws:iam::111122223333:role/Engineer              | arn:aws:iam::111122223333:role/engineer                   | false
            arn:aws:iam::111122223333:role/Eng?neer              | arn:aws:iam::111122223333:role/Engineer                   | true
            arn:aws:ec2:eu-west-1:111122223333:instance/i-?      | arn:aws:ec2:eu-west-1:111122223333:instance/i-           | false
            """)
    void matches_shouldFollowIamFieldByFieldMatching(String pattern, String arn, boolean expected) {
        assertEquals(expected, ArnPattern.parse(pattern).matches(Arn.parse(arn)));
    }

    @Test
    void matches_shouldNotLetATrailingStarRunPastTheRegionField_unlikeIamsResourceElement() {
        // IAM would expand "eu-*" across colons; ours stays in its field, so it can only match less than IAM would.
        ArnPattern pattern = ArnPattern.parse("arn:aws:ec2:eu-*:111122223333:instance/i-1");

        assertTrue(pattern.matches(Arn.parse("arn:aws:ec2:eu-central-1:111122223333:instance/i-1")));
        assertFalse(pattern.matches(Arn.parse("arn:aws:ec2:eu-central-1:444455556666:instance/i-1")));
    }

    @Test
    void parse_shouldRefuse_wildcardsInPartitionOrService_andPolicyVariables() {
        assertThrows(InvalidArnException.class, () -> ArnPattern.parse("arn:*:ec2:eu-west-1:111122223333:instance/*"));
        assertThrows(InvalidArnException.class, () -> ArnPattern.parse("arn:aws:ec*:eu-west-1:111122223333:instance/*"));
        assertThrows(InvalidArnException.class, () -> ArnPattern.parse("arn:aws:s3:::bucket/${aws:username}/*"));
        assertThrows(InvalidArnException.class, () -> ArnPattern.parse("*"));
        assertThrows(InvalidArnException.class, () -> ArnPattern.parse("arn:aws:ec2:*"));
    }

    @Test
    void isConcrete_shouldBeTrue_onlyWithoutWildcards() {
        assertTrue(ArnPattern.parse("arn:aws:iam::111122223333:role/Engineer").isConcrete());
        assertFalse(ArnPattern.parse("arn:aws:iam::111122223333:role/Eng*").isConcrete());
    }

    @Test
    void glob_shouldStayFast_onAPathologicalPattern() {
        String pattern = "arn:aws:s3:::b/" + "*a".repeat(500) + "*b";
        String text = "arn:aws:s3:::b/" + "a".repeat(1900);

        long start = System.nanoTime();
        boolean matched = ArnPattern.parse(pattern).matches(Arn.parse(text));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertFalse(matched);
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }
}
