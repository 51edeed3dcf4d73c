package org.certwright.acme.internal.text;

/**
 * Makes text from the network fit to print: every place where something a CA sent (a problem's
 * detail or title, an identifier, a URL, the start of an HTML error page) goes into an exception
 * message or a log line passes it through here.
 *
 * <p>Two things are done. Characters that could forge or hide log lines or reorder what a reader
 * sees (C0 and C1 controls including CR, LF, ESC and NUL, DEL, Unicode format characters such as
 * the bidirectional overrides U+202A..U+202E and isolates U+2066..U+2069, line and paragraph
 * separators, unpaired surrogates) are written as {@code \}{@code uXXXX} escapes; everything
 * else, including non-ASCII letters and emoji, is kept. And long text is cut, with a note of
 * how much was left out, so that a CA cannot make a message megabytes long. The original text
 * stays available where it was read from (for example {@link org.certwright.acme.problem.Problem}).
 */
public final class SafeText {

    /** How much of one CA-supplied field (a detail, a title) goes into a message. */
    public static final int FIELD_LIMIT = 300;

    /** How long an exception message may get before the request it names is appended. */
    public static final int MESSAGE_LIMIT = 3000;

    private SafeText() {
    }

    /** The text with control, format and bidi characters escaped; {@code "null"} for null. */
    public static String neutralise(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int n = text.length();
        int i = 0;
        while (i < n && !needsEscape(text, i)) {
            i++;
        }
        if (i == n) {
            return text.toString();
        }
        StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            if (needsEscape(text, i)) {
                appendEscape(sb, text.charAt(i));
            } else {
                sb.append(text.charAt(i));
            }
        }
        return sb.toString();
    }

    /** {@link #neutralise} of an object's {@code toString()}, for log arguments that came from a CA. */
    public static String of(Object value) {
        return value == null ? "null" : clip(value.toString(), MESSAGE_LIMIT);
    }

    /**
     * The text neutralised and, if it is longer than {@code limit} characters as printed, cut to
     * that many, followed by {@code "… (N more characters)"}.
     */
    public static String clip(CharSequence text, int limit) {
        if (text == null) {
            return "null";
        }
        String safe = neutralise(text);
        if (safe.length() <= limit) {
            return safe;
        }
        int cut = limit;
        // Do not split a surrogate pair, nor an escape sequence this class wrote.
        if (cut > 0 && Character.isHighSurrogate(safe.charAt(cut - 1))) {
            cut--;
        }
        int escape = safe.lastIndexOf("\\u", cut - 1);
        if (escape >= 0 && escape + 6 > cut && isEscapeAt(safe, escape)) {
            cut = escape;
        }
        return safe.substring(0, cut) + "… (" + (safe.length() - cut) + " more characters)";
    }

    private static boolean isEscapeAt(String s, int at) {
        if (at + 6 > s.length()) {
            return false;
        }
        for (int k = at + 2; k < at + 6; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(CharSequence text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static void appendEscape(StringBuilder sb, char c) {
        String hex = Integer.toHexString(c);
        sb.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
            sb.append('0');
        }
        sb.append(hex);
    }
}
