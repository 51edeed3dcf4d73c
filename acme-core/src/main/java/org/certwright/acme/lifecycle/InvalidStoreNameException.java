package org.certwright.acme.lifecycle;

/**
 * A blob name, prefix or lock name does not follow the rules of {@link StoreNames}. It is a
 * programming error (names are built by code, not read from the network), so it is unchecked.
 *
 * @since 0.2.0
 */
public class InvalidStoreNameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * Creates the exception.
     *
     * @param name   the offending name, as given
     * @param reason which rule it breaks
     * @since 0.2.0
     */
    public InvalidStoreNameException(String name, String reason) {
        super("invalid store name '" + name + "': " + reason);
        this.name = name;
    }

    /**
     * The offending name, as given.
     *
     * @return the name
     * @since 0.2.0
     */
    public String name() {
        return name;
    }
}
