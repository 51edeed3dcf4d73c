package org.certwright.acme.challenges.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.certwright.acme.Identifier;
import org.certwright.acme.issuance.IssuanceListener;
import org.certwright.acme.problem.ValidationFailedException;

/** Records how each identifier was validated, and runs a check when a validation fails. */
final class RecordingListener implements IssuanceListener {

    /** A validation the CA performed or reused. */
    record Validated(Identifier identifier, String type, boolean reused) {
    }

    /** A validation that failed. */
    record Failed(Identifier identifier, String type, ValidationFailedException failure) {
    }

    final List<Validated> validated = new CopyOnWriteArrayList<>();
    final List<Failed> failed = new CopyOnWriteArrayList<>();
    private final Consumer<Failed> onFailure;

    RecordingListener() {
        this(f -> { });
    }

    RecordingListener(Consumer<Failed> onFailure) {
        this.onFailure = onFailure;
    }

    @Override
    public void validated(Identifier identifier, String challengeType, boolean reused) {
        validated.add(new Validated(identifier, challengeType, reused));
    }

    @Override
    public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
        Failed f = new Failed(identifier, challengeType, failure);
        failed.add(f);
        onFailure.accept(f);
    }

    /** The challenge types that validated, fresh (not reused). */
    List<String> freshTypes() {
        return validated.stream().filter(v -> !v.reused()).map(Validated::type).toList();
    }
}
