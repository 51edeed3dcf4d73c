package org.certwright.acme.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SafeTextTest {

    @ParameterizedTest
    @CsvSource({
        "0, \\u0000", "9, \\u0009", "10, \\u000a", "13, \\u000d", "27, \\u001b", "127, \\u007f", "133, \\u0085",
        "8206, \\u200e", "8234, \\u202a", "8238, \\u202e", "8294, \\u2066", "8297, \\u2069", "8232, \\u2028",
        "65279, \\ufeff"})
    void controlAndBidiCharactersAreEscaped(int codePoint, String escaped) {
        assertThat(SafeText.neutralise("a" + Character.toString(codePoint) + "b")).isEqualTo("a" + escaped + "b");
    }

    @Test
    void ordinaryTextIsKept() {
        String text = "Prüfung fehlgeschlagen: 检验失败 \uD83D\uDD12 \"quoted\" \\ backslash";
        assertThat(SafeText.neutralise(text)).isEqualTo(text);
    }

    @Test
    void anUnpairedSurrogateIsEscaped() {
        assertThat(SafeText.neutralise("x\uD800y")).isEqualTo("x\\ud800y");
    }

    @Test
    void longTextIsCutWithANoteOfWhatWasLeftOut() {
        String clipped = SafeText.clip("a".repeat(1000), 300);
        assertThat(clipped).startsWith("a".repeat(300) + "… (700 more characters)").hasSize(300 + 23);
    }

    @Test
    void textWithinTheLimitIsNotCut() {
        assertThat(SafeText.clip("short", 300)).isEqualTo("short");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String clipped = SafeText.clip("a".repeat(9) + "\uD83D\uDD12" + "b", 10);
        assertThat(clipped).startsWith("a".repeat(9) + "…");
    }

    @Test
    void theLimitCountsEscapedCharactersAsTheyAppear() {
        String clipped = SafeText.clip("\u001b".repeat(100), 12);
        assertThat(clipped).startsWith("\\u001b\\u001b…").contains("(588 more characters)");
    }
}
