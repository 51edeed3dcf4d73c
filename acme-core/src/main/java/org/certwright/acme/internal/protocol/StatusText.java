package org.certwright.acme.internal.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.Status;
import org.certwright.acme.internal.json.JsonObject;
import org.certwright.acme.problem.AcmeProtocolException;

/**
 * Keeps a status this library does not know: the resource's {@link Status} is
 * {@link Status#UNKNOWN}, and the CA's own word stays in its {@code otherFields} under
 * {@code status}, like every other member the library does not model, so that messages can name
 * what the CA said instead of "unknown".
 */
public final class StatusText {

    private static final String STATUS = "status";

    private StatusText() {
    }

    /**
     * The members of {@code json} outside {@code known}, plus its {@code status} when that is not
     * a status this library knows.
     */
    public static Map<String, Object> otherFields(JsonObject json, Set<String> known) throws AcmeProtocolException {
        Map<String, Object> others = json.otherFields(known);
        Optional<String> status = json.string(STATUS);
        if (status.isEmpty() || Status.of(status.get()) != Status.UNKNOWN) {
            return others;
        }
        Map<String, Object> withStatus = new LinkedHashMap<>(others);
        withStatus.put(STATUS, status.get());
        return withStatus;
    }

    /** The status as the CA wrote it: the wire value of a known one, the CA's word for another. */
    public static String of(Status status, Map<String, Object> otherFields) {
        if (status == Status.UNKNOWN && otherFields.get(STATUS) instanceof String text) {
            return text;
        }
        return status.wireValue();
    }
}
