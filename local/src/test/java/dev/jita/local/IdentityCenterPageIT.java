package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.domain.Status;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.local.http.LocalPage;
import dev.jita.standins.LocalIdentityCenter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * /local/identity-center as jita local serves it ({@link JitaLocalServer#pages}), while an Identity Center user's
 * request goes through the real approval.asl.json and handlers on virtual time.
 */
class IdentityCenterPageIT {
    private static final String PATH = "/local/identity-center";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Desk desk = new Desk();
    private final LocalJita jita = desk.jita;
    private final LocalIdentityCenter identityCenter = jita.identityCenter();

    @AfterEach
    void close() {
        desk.close();
    }

    private String page() {
        LocalPage page = JitaLocalServer.pages(jita).stream().filter(p -> p.path().equals(PATH)).findFirst()
                .orElseThrow(() -> new AssertionError("jita local serves no " + PATH));
        HttpResponse response = page.render(ApiRequest.of("GET", PATH));
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private String arnOf(String permissionSetName) {
        return identityCenter.snapshot().permissionSets().stream().filter(s -> s.name().equals(permissionSetName))
                .findFirst().orElseThrow(() -> new AssertionError("no permission set " + permissionSetName)).arn();
    }

    @Test
    void page_shouldShowThePermissionSetItsPolicyAndTheAssignment_asProvisioningGoesFromInProgressToSucceeded()
            throws Exception {
        Api.Answer answer = desk.api.send("create-ok", LocalJita.ACCOUNT, LocalJita.ssoRoleName("Developer"),
                LocalJita.SSO_USER, null, """
                        {"actions": ["ec2:RebootInstances"],
                         "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
                         "durationMinutes": 30, "justification": "Reboot the wedged batch host"}""");
        assertEquals(202, answer.status(), answer.body().toString());
        String id = answer.body().get("requestId").asText();
        String name = IdentityCenterGrants.permissionSetName(id);
        jita.stepFunctions().runUntilIdle();
        desk.approve(id, "alice");
        jita.stepFunctions().runUntilIdle();

        String provisioning = page();
        assertTrue(provisioning.contains("<meta http-equiv=\"refresh\" content=\"2\">"), provisioning);
        assertTrue(provisioning.contains(Html.escape(identityCenter.instanceArn())), provisioning);
        assertTrue(provisioning.contains(identityCenter.identityStoreId()), provisioning);
        assertTrue(provisioning.contains("<td>Dana Developer</td>"), "the Identity Store's users: " + provisioning);
        assertTrue(provisioning.contains("id=\"permission-set-" + name + "\""), provisioning);
        assertTrue(provisioning.contains("<td class=\"status\">IN_PROGRESS</td>"), provisioning);
        assertTrue(provisioning.contains("Account assignments (0)"), "not assigned before provisioned: "
                + provisioning);

        desk.runUntil(id, Status.ACTIVE);

        String active = page();
        String arn = arnOf(name);
        String section = active.substring(active.indexOf("id=\"permission-set-" + name + "\""));
        section = section.substring(0, section.indexOf("</section>"));
        assertTrue(section.contains("<code>jita:managed=true</code>"), section);
        assertTrue(section.contains("<code>jita:request-id=" + id + "</code>"), section);
        assertTrue(section.contains("session <code>PT1H</code>"), section);
        assertTrue(section.contains("Provisioned to: <code>" + LocalJita.ACCOUNT + "</code>"), section);
        String policy = identityCenter.inlinePolicy(arn).orElseThrow();
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(policy));
        assertTrue(section.contains("<pre><code>" + Html.escape(pretty) + "</code></pre>"),
                "the inline policy, pretty-printed and escaped: " + section);
        assertTrue(pretty.contains("ec2:RebootInstances") && pretty.contains("aws:CurrentTime"), pretty);
        assertTrue(active.contains("<tr><td><code>" + LocalJita.ACCOUNT + "</code></td><td>" + name
                + "</td><td>" + LocalJita.SSO_USER + "</td></tr>"), "the assignment, to Dana alone: " + active);
        assertTrue(active.contains("Account assignments (1)"), active);
        assertTrue(active.contains("<td class=\"status\">SUCCEEDED</td>"), active);
        assertFalse(active.contains("IN_PROGRESS"), active);
        assertTrue(active.contains("<a href=\"" + PATH + "\">"), "linked from every page's header: " + active);
    }

    @Test
    void page_shouldEscapeEveryValue_fromTheIdentityStoreThePermissionSetsAndTheFailureReasons() {
        identityCenter.addUser("mallory\"><svg onload=alert(0)>", "<script>alert(1)</script>",
                "\"><img src=x onerror=alert(2)>");
        String userId = identityCenter.user("mallory\"><svg onload=alert(0)>").userId();
        String arn = identityCenter.createPermissionSet("Mallory", "<b>alert(3)</b>", Duration.ofHours(2),
                Map.of("note", "</code><script>alert(4)</script>"));
        identityCenter.putInlinePolicy(arn, "{\"Statement\": \"</code></pre><script>alert(5)</script>\"}");
        identityCenter.setProvisioningDelay(Duration.ZERO);
        identityCenter.failNextProvisioning("<script>alert(6)</script>");
        identityCenter.createAccountAssignment(LocalJita.ACCOUNT, arn, userId);

        String page = page();

        for (String raw : new String[]{"<script", "<img", "<svg", "<b>"}) {
            assertFalse(page.contains(raw), raw + " unescaped in " + page);
        }
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the display name, escaped: " + page);
        assertTrue(page.contains("&lt;b&gt;alert(3)&lt;/b&gt;"), "the description, escaped: " + page);
        assertTrue(page.contains("note=&lt;/code&gt;&lt;script&gt;alert(4)"), "the tag, escaped: " + page);
        assertTrue(page.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(5)"), "the policy, escaped: " + page);
        assertTrue(page.contains("FAILED: &lt;script&gt;alert(6)"), "the failure reason, escaped: " + page);
    }
}
