package dev.jita.asl;

/** The definition is not valid ASL, uses something this interpreter refuses, or has an unknown ${...} substitution. */
public final class InvalidDefinitionException extends StepFunctionsException {
    public InvalidDefinitionException(String message) {
        super("InvalidDefinition", message);
    }
}
