package org.certwright.acme.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.certwright.acme.Identifier;
import org.certwright.acme.internal.text.SafeText;

/**
 * A problem document (RFC 7807) as an ACME server sends it (RFC 8555 §6.7), immutable.
 *
 * <p>Problems appear in error responses, which this library turns into a {@link ProblemException},
 * and inside resources: the {@code error} of a failed challenge or order. They are normally made
 * by the session from the CA's responses; {@link #builder} exists for tests, and
 * {@link #toBuilder()} for copies with a change.
 */
public final class Problem {

    /** The type used when a problem document has no {@code type} member (RFC 7807 §4.2). */
    public static final URI ABOUT_BLANK = URI.create("about:blank");

    /** How many subproblems {@link #describe()} lists. */
    private static final int DESCRIBED_SUBPROBLEMS = 10;

    private final URI type;
    private final Optional<String> title;
    private final Optional<String> detail;
    private final OptionalInt status;
    private final Optional<URI> instance;
    private final Optional<Identifier> identifier;
    private final List<Problem> subproblems;
    private final Map<String, Object> otherFields;

    private Problem(Builder b) {
        this.type = Objects.requireNonNull(b.type, "type");
        this.title = b.title;
        this.detail = b.detail;
        this.status = b.status;
        this.instance = b.instance;
        this.identifier = b.identifier;
        this.subproblems = b.subproblems;
        this.otherFields = b.otherFields;
    }

    /**
     * A builder for a {@link Problem}, for tests and for code that makes problems itself; the session
     * makes them from the CA's responses.
     *
     * @param type the problem type URI ({@code about:blank} when the server gave none)
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI type) {
        Builder b = new Builder();
        b.type = Objects.requireNonNull(type, "type");
        return b;
    }

    /**
     * A builder holding this resource's values, for a copy with some of them changed.
     *
     * @return the builder
     * @since 0.2.0
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.title = title;
        b.detail = detail;
        b.status = status;
        b.instance = instance;
        b.identifier = identifier;
        b.subproblems = subproblems;
        b.otherFields = otherFields;
        return b;
    }

    /** The problem type URI ({@code about:blank} when the server gave none). */
    public URI type() {
        return type;
    }

    /** A short summary, if given. */
    public Optional<String> title() {
        return title;
    }

    /** A human-readable explanation, if given. */
    public Optional<String> detail() {
        return detail;
    }

    /** The HTTP status the server put in the document, if any. */
    public OptionalInt status() {
        return status;
    }

    /** A URL identifying this occurrence, for example a page a human should visit. */
    public Optional<URI> instance() {
        return instance;
    }

    /** The identifier this problem is about (subproblems carry one). */
    public Optional<Identifier> identifier() {
        return identifier;
    }

    /** Problems about individual identifiers (RFC 8555 §6.7.1). */
    public List<Problem> subproblems() {
        return subproblems;
    }

    /**
     * Members this library does not model, kept as plain Java values
     * ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}).
     */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    /**
     * A problem with just a type and a detail, for tests and for problems built by this library.
     * {@link ProblemType#OTHER} gives {@link #ABOUT_BLANK}, the type of a problem that has none.
     *
     * @param type   the type
     * @param detail the explanation
     * @return the problem
     */
    public static Problem of(ProblemType type, String detail) {
        return builder(type.uri()).detail(detail).build();
    }

    /** The known type of this problem; {@link ProblemType#OTHER} for types this library does not know. */
    public ProblemType knownType() {
        return ProblemType.of(type);
    }

    /**
     * One line for logs and exception messages: type, detail and, for each subproblem, its
     * identifier and detail. What the CA wrote is made safe to print: control and bidi characters
     * are escaped, each field is cut after a few hundred characters, and only the first
     * {@value #DESCRIBED_SUBPROBLEMS} subproblems are described. The accessors keep the full
     * text.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        describe(sb);
        return sb.toString();
    }

    private void describe(StringBuilder sb) {
        sb.append(label());
        identifier.ifPresent(id -> sb.append(" [").append(SafeText.clip(id.toString(), SafeText.FIELD_LIMIT)).append(']'));
        detail.or(() -> title).ifPresent(d -> sb.append(": ").append(SafeText.clip(d, SafeText.FIELD_LIMIT)));
        int shown = Math.min(subproblems.size(), DESCRIBED_SUBPROBLEMS);
        for (int i = 0; i < shown; i++) {
            sb.append("; ");
            subproblems.get(i).describe(sb);
        }
        if (subproblems.size() > shown) {
            sb.append("; … ").append(subproblems.size() - shown).append(" more subproblems");
        }
    }

    /**
     * What the problem is called in a message: the token of a known type, the URI of another;
     * for a problem without a usable type, its title or status, never an empty name.
     */
    private String label() {
        ProblemType known = knownType();
        if (known != ProblemType.OTHER) {
            return known.token();
        }
        String t = type.toString();
        boolean untyped = t.isBlank() || type.equals(ABOUT_BLANK) || t.equals(ProblemType.RFC8555_NAMESPACE)
                || t.equals(ProblemType.DRAFT_NAMESPACE);
        if (!untyped) {
            return SafeText.clip(t, SafeText.FIELD_LIMIT);
        }
        return status.isPresent() ? "problem (status " + status.getAsInt() + ")" : "problem";
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Problem other
                && type.equals(other.type)
                && title.equals(other.title)
                && detail.equals(other.detail)
                && status.equals(other.status)
                && instance.equals(other.instance)
                && identifier.equals(other.identifier)
                && subproblems.equals(other.subproblems)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, title, detail, status, instance, identifier, subproblems, otherFields);
    }

    @Override
    public String toString() {
        return "Problem[" + describe() + "]";
    }

    /**
     * Builds a {@link Problem}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI type;
        private Optional<String> title = Optional.empty();
        private Optional<String> detail = Optional.empty();
        private OptionalInt status = OptionalInt.empty();
        private Optional<URI> instance = Optional.empty();
        private Optional<Identifier> identifier = Optional.empty();
        private List<Problem> subproblems = List.of();
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the problem type URI ({@code about:blank} when the server gave none).
         *
         * @param type the value
         * @return this builder
         */
        public Builder type(URI type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets a short summary, if given.
         *
         * @param title the value
         * @return this builder
         */
        public Builder title(String title) {
            this.title = Optional.of(title);
            return this;
        }

        /**
         * Sets or clears a short summary, if given.
         *
         * @param title the value, or empty for none
         * @return this builder
         */
        public Builder title(Optional<String> title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Sets a human-readable explanation, if given.
         *
         * @param detail the value
         * @return this builder
         */
        public Builder detail(String detail) {
            this.detail = Optional.of(detail);
            return this;
        }

        /**
         * Sets or clears a human-readable explanation, if given.
         *
         * @param detail the value, or empty for none
         * @return this builder
         */
        public Builder detail(Optional<String> detail) {
            this.detail = Objects.requireNonNull(detail, "detail");
            return this;
        }

        /**
         * Sets the HTTP status the server put in the document, if any.
         *
         * @param status the value
         * @return this builder
         */
        public Builder status(int status) {
            this.status = OptionalInt.of(status);
            return this;
        }

        /**
         * Sets or clears the HTTP status the server put in the document, if any.
         *
         * @param status the value, or empty for none
         * @return this builder
         */
        public Builder status(OptionalInt status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets a URL identifying this occurrence, for example a page a human should visit.
         *
         * @param instance the value
         * @return this builder
         */
        public Builder instance(URI instance) {
            this.instance = Optional.of(instance);
            return this;
        }

        /**
         * Sets or clears a URL identifying this occurrence, for example a page a human should visit.
         *
         * @param instance the value, or empty for none
         * @return this builder
         */
        public Builder instance(Optional<URI> instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
            return this;
        }

        /**
         * Sets the identifier this problem is about (subproblems carry one).
         *
         * @param identifier the value
         * @return this builder
         */
        public Builder identifier(Identifier identifier) {
            this.identifier = Optional.of(identifier);
            return this;
        }

        /**
         * Sets or clears the identifier this problem is about (subproblems carry one).
         *
         * @param identifier the value, or empty for none
         * @return this builder
         */
        public Builder identifier(Optional<Identifier> identifier) {
            this.identifier = Objects.requireNonNull(identifier, "identifier");
            return this;
        }

        /**
         * Sets problems about individual identifiers (RFC 8555 §6.7.1).
         *
         * @param subproblems the values, copied
         * @return this builder
         */
        public Builder subproblems(List<Problem> subproblems) {
            this.subproblems = List.copyOf(subproblems);
            return this;
        }

        /**
         * Sets members this library does not model, kept as plain Java values.
         *
         * @param otherFields the members, copied
         * @return this builder
         */
        public Builder otherFields(Map<String, Object> otherFields) {
            this.otherFields = Map.copyOf(otherFields);
            return this;
        }

        /**
         * Builds the Problem.
         *
         * @return a {@link Problem} with this builder's values
         */
        public Problem build() {
            return new Problem(this);
        }
    }
}
