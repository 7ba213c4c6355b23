package dev.jita.infra;

import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * What jita keeps: the DynamoDB tables of {@link Tables} (keys, indexes and TTL not retyped; the incidents table only
 * with incident handling on), the KMS key that signs approval links, the Slack webhook secret if any, the KMS key
 * that signs audit entries, and the audit export bucket (Object Lock in compliance mode) the audit table's stream is
 * written to. All retained: a deleted table or key would lose the audit trail, invalidate every link, or leave no
 * entry verifiable.
 */
record Storage(Table requests, Table audit, Table idempotency, Optional<Table> incidents, Key linkKey,
               Optional<ISecret> slackWebhooks, Key auditKey, Bucket auditExport) {

    /** The key prefix of every exported audit object (the export function may write under it alone). */
    static final String AUDIT_EXPORT_PREFIX = "audit/";

    /** Declares them in {@code scope}, the {@link JitaApproval} itself (its javadoc says why). */
    static Storage declare(Construct scope, JitaApprovalProps props) {
        Table requests = table(scope, Tables.requests("Requests"), null);
        // The new image of each entry is what the export writes: exactly the item the hash covers.
        Table audit = table(scope, Tables.audit("Audit"), StreamViewType.NEW_IMAGE);
        Table idempotency = table(scope, Tables.idempotency("Idempotency"), null);
        Optional<Table> incidents = props.incidents().enabled()
                ? Optional.of(table(scope, Tables.incidents("Incidents"), null)) : Optional.empty();
        Key linkKey = Key.Builder.create(scope, "LinkKey")
                .description("jita: signs and verifies approval links (HMAC-SHA256; the key never leaves KMS)")
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // A key of its own, never the link key: the functions that append audit entries may only GenerateMac with it,
        // the one serving GET /audit/verify only VerifyMac. HMAC keys have no automatic rotation in KMS.
        Key auditKey = Key.Builder.create(scope, "AuditKey")
                .description("jita: MACs of audit entries (HMAC-SHA256 over each entry's hash; the key never leaves"
                        + " KMS)")
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        return new Storage(requests, audit, idempotency, incidents, linkKey,
                slackSecret(scope, props.notifications().slackWebhooks()), auditKey, auditExport(scope, props));
    }

    /**
     * Write-once evidence: Object Lock in compliance mode, so no one (root included) can delete or overwrite an
     * object version before its retention ends; versioned (Object Lock requires it), encrypted, private, TLS only.
     */
    private static Bucket auditExport(Construct scope, JitaApprovalProps props) {
        return Bucket.Builder.create(scope, "AuditExportBucket")
                .objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.compliance(
                        software.amazon.awscdk.Duration.days(props.auditExportRetention().toDays())))
                .versioned(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static Table table(Construct scope, TableDef def, StreamViewType stream) {
        Table.Builder table = Table.Builder.create(scope, def.name() + "Table")
                .partitionKey(attribute(def.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN);
        def.sortKeyIfAny().ifPresent(k -> table.sortKey(attribute(k)));
        def.timeToLiveIfAny().ifPresent(table::timeToLiveAttribute);
        if (stream != null) {
            table.stream(stream);
        }
        Table built = table.build();
        for (TableDef.Index index : def.indexes()) {
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .projectionType(ProjectionType.ALL);
            if (index.sortKey() != null) {
                gsi.sortKey(attribute(index.sortKey()));
            }
            built.addGlobalSecondaryIndex(gsi.build());
        }
        return built;
    }

    private static Attribute attribute(TableDef.Key key) {
        AttributeType type = switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
            case BINARY -> AttributeType.BINARY;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }

    private static Optional<ISecret> slackSecret(Construct scope, Notifications.SlackWebhooks slack) {
        if (slack instanceof Notifications.SlackWebhooks.Existing existing) {
            return Optional.of(Secret.fromSecretCompleteArn(scope, "SlackWebhooks", existing.secretArn()));
        }
        if (slack instanceof Notifications.SlackWebhooks.Create) {
            // An empty map, not a generated password: the notify function must be able to parse it before you fill it.
            return Optional.of(Secret.Builder.create(scope, "SlackWebhooks")
                    .description("jita: Slack webhook URLs as a JSON object, approver id (or Slack name) to URL")
                    .secretStringValue(SecretValue.unsafePlainText("{}"))
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build());
        }
        return Optional.empty();
    }
}
