package dev.jita.domain;

import java.util.Optional;

/** What an approver chose on the confirm page; the form values are {@code approve} and {@code deny}. */
public enum Decision {
    APPROVE("approve"),
    DENY("deny");

    private final String formValue;

    Decision(String formValue) {
        this.formValue = formValue;
    }

    public String formValue() {
        return formValue;
    }

    public static Optional<Decision> fromForm(String value) {
        for (Decision d : values()) {
            if (d.formValue.equals(value)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
