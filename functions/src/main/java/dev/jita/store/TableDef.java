package dev.jita.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DynamoDB table as plain data: the tests, {@code jita local} and the CDK stack all build their tables
 * from these, so the three can never disagree about keys or indexes.
 *
 * @param name         the table's name
 * @param partitionKey the partition key
 * @param sortKey      the sort key, or null for a table keyed by partition key alone
 * @param indexes      global secondary indexes, all projecting every attribute
 * @param timeToLive   the attribute DynamoDB's TTL reads (epoch seconds), or null for none
 */
public record TableDef(String name, Key partitionKey, Key sortKey, List<Index> indexes, String timeToLive) {

    public TableDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKey, "partitionKey");
        indexes = List.copyOf(indexes);
    }

    public Optional<String> timeToLiveIfAny() {
        return Optional.ofNullable(timeToLive);
    }

    public Optional<Key> sortKeyIfAny() {
        return Optional.ofNullable(sortKey);
    }

    /** Every attribute that some key of the table or of an index uses, once each. */
    public List<Key> keyAttributes() {
        java.util.LinkedHashMap<String, Key> all = new java.util.LinkedHashMap<>();
        all.put(partitionKey.name(), partitionKey);
        if (sortKey != null) {
            all.put(sortKey.name(), sortKey);
        }
        for (Index index : indexes) {
            all.putIfAbsent(index.partitionKey().name(), index.partitionKey());
            if (index.sortKey() != null) {
                all.putIfAbsent(index.sortKey().name(), index.sortKey());
            }
        }
        return List.copyOf(all.values());
    }

    /** A key attribute: its name and DynamoDB scalar type. */
    public record Key(String name, KeyType type) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        public static Key string(String name) {
            return new Key(name, KeyType.STRING);
        }

        public static Key number(String name) {
            return new Key(name, KeyType.NUMBER);
        }
    }

    /** DynamoDB's key attribute types, named as CDK's AttributeType names them. */
    public enum KeyType {
        STRING("S"), NUMBER("N"), BINARY("B");

        private final String code;

        KeyType(String code) {
            this.code = code;
        }

        /** The one-letter code of the DynamoDB API ("S", "N", "B"). */
        public String code() {
            return code;
        }
    }

    /** A global secondary index projecting all attributes. */
    public record Index(String name, Key partitionKey, Key sortKey) {
        public Index {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(partitionKey, "partitionKey");
        }
    }
}
