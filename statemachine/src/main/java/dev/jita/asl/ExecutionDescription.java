package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What DescribeExecution answers. {@code output} is set when SUCCEEDED; {@code error} and {@code cause} when
 * FAILED, TIMED_OUT or ABORTED (cause may be null); {@code stopDate} once the execution has closed.
 */
public record ExecutionDescription(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        Instant startDate,
        Instant stopDate) {
}
