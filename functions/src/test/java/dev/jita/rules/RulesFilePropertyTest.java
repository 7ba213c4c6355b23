package dev.jita.rules;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RulesFilePropertyTest {
    private static final String VALID;

    static {
        try {
            VALID = Files.readString(Path.of("src/test/resources/rules/valid-minimal.yaml"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Any never-requestable action, in any letter case, next to a legitimate one: the file is refused, naming it. */
    @Property(tries = 300)
    void load_shouldRefuseAnyRuleListingANeverRequestableAction(@ForAll("neverRequestable") String action) {
        String yaml = VALID.replace("[ec2:TerminateInstances, ec2:StopInstances]",
                "[ec2:TerminateInstances, \"" + action + "\"]");

        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse(yaml, "p.yaml"));

        assertTrue(e.errors().stream().anyMatch(err -> err.where().equals("rule 'prod-ec2-terminate'")
                && err.field().equals("actions") && err.message().contains("'" + action + "'")), e.getMessage());
    }

    @Provide
    Arbitrary<String> neverRequestable() {
        Arbitrary<String> base = Arbitraries.oneOf(
                Arbitraries.of("*", "iam:*", "sts:*", "organizations:*", "ec2:*", "s3:*", "iam:PassRole",
                        "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy",
                        "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
                        "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
                        "iam:UploadSSHPublicKey", "iam:UploadSigningCertificate", "iam:UpdateAccessKey"),
                Arbitraries.strings().alpha().ofMaxLength(12).map(x -> "iam:Put" + x + "Policy"),
                Arbitraries.strings().alpha().ofMaxLength(12).map(x -> "iam:Attach" + x + "Policy"),
                Arbitraries.strings().alpha().ofMaxLength(12).map(x -> "iam:Delete" + x + "PermissionsBoundary"));
        return base.flatMap(a -> Arbitraries.randoms().map(r -> {
            StringBuilder b = new StringBuilder();
            for (char c : a.toCharArray()) {
                b.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return b.toString();
        }));
    }
}
