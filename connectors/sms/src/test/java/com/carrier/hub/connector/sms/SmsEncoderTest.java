package com.carrier.hub.connector.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SmsEncoderTest {

    @Test
    void gsmTextUpTo160IsOnePartWithoutUdh() {
        SmsEncoder.Encoded e = SmsEncoder.encode("a".repeat(160), 7);
        assertThat(e.dataCoding()).isEqualTo(SmsEncoder.GSM7);
        assertThat(e.partCount()).isEqualTo(1);
        assertThat(e.concatenated()).isFalse();
        assertThat(e.parts().get(0)).hasSize(160);
    }

    @Test
    void gsmText161IsTwoPartsOf153AndRestSharingOneReference() {
        SmsEncoder.Encoded e = SmsEncoder.encode("b".repeat(161), 42);
        assertThat(e.partCount()).isEqualTo(2);
        assertThat(e.parts().get(0)).hasSize(6 + 153);
        assertThat(e.parts().get(1)).hasSize(6 + 8);
        for (int i = 0; i < 2; i++) {
            byte[] p = e.parts().get(i);
            assertThat(Arrays.copyOf(p, 6)).containsExactly(5, 0, 3, 42, 2, i + 1);
        }
    }

    @Test
    void gsmExtensionCharacterCountsTwoAndIsNotSplit() {
        // 152 letters then '€' (2 septets): 154 > 153, so the euro sign must open part 2 whole.
        String text = "c".repeat(152) + "€" + "d".repeat(10);
        SmsEncoder.Encoded e = SmsEncoder.encode(text, 1);
        assertThat(e.partCount()).isEqualTo(2);
        assertThat(e.parts().get(0)).hasSize(6 + 152);
        assertThat(e.parts().get(1)[6]).isEqualTo((byte) 0x1B);
        assertThat(SmsEncoder.decode((byte) 0, Arrays.copyOfRange(e.parts().get(1), 6, e.parts().get(1).length)))
                .isEqualTo("€" + "d".repeat(10));
        assertThat(SmsEncoder.countParts("{".repeat(80))).isEqualTo(1);
        assertThat(SmsEncoder.countParts("{".repeat(81))).isEqualTo(2);
    }

    @Test
    void chineseUpTo70IsOneUcs2Part() {
        String text = "中".repeat(70);
        SmsEncoder.Encoded e = SmsEncoder.encode(text, 0);
        assertThat(e.dataCoding()).isEqualTo(SmsEncoder.UCS2);
        assertThat(e.partCount()).isEqualTo(1);
        assertThat(new String(e.parts().get(0), StandardCharsets.UTF_16BE)).isEqualTo(text);
    }

    @Test
    void chinese71IsTwoPartsOf67AndRest() {
        String text = "国".repeat(71);
        SmsEncoder.Encoded e = SmsEncoder.encode(text, 200);
        assertThat(e.partCount()).isEqualTo(2);
        assertThat(e.parts().get(0)).hasSize(6 + 67 * 2);
        assertThat(e.parts().get(1)).hasSize(6 + 4 * 2);
        assertThat(e.parts().get(0)[3]).isEqualTo((byte) 200);
        assertThat(e.parts().get(1)[3]).isEqualTo((byte) 200);
        assertThat(reassemble(e)).isEqualTo(text);
    }

    @Test
    void emojiIsNeverSplitBetweenParts() {
        // 66 characters then an emoji (a surrogate pair, units 67 and 68): part 1 must end after 66 units.
        String text = "好".repeat(66) + "😀" + "好".repeat(10);
        SmsEncoder.Encoded e = SmsEncoder.encode(text, 3);
        assertThat(e.partCount()).isEqualTo(2);
        assertThat(e.parts().get(0)).hasSize(6 + 66 * 2);
        String second = new String(Arrays.copyOfRange(e.parts().get(1), 6, e.parts().get(1).length),
                StandardCharsets.UTF_16BE);
        assertThat(second).startsWith("😀");
        assertThat(reassemble(e)).isEqualTo(text);
    }

    @Test
    void emojiForcesUcs2AndLatinTextStaysGsm() {
        assertThat(SmsEncoder.fitsGsm7("Hello @ £5 {ok}")).isTrue();
        assertThat(SmsEncoder.fitsGsm7("Hello 😀")).isFalse();
        assertThat(SmsEncoder.fitsGsm7("回复TD退订")).isFalse();
    }

    @Test
    void countingThePartsGivesWhatEncodingMakes() {
        // lengths around every boundary, with extension characters and surrogate pairs where a split may fall
        String[] alphabets = {"a", "a{", "{", "好", "好😀", "😀", "a😀"};
        java.util.Random random = new java.util.Random(16);
        for (String alphabet : alphabets) {
            int[] points = alphabet.codePoints().toArray();
            for (int length = 1; length <= 700; length += 1 + random.nextInt(3)) {
                StringBuilder text = new StringBuilder();
                while (text.length() < length) {
                    text.appendCodePoint(points[random.nextInt(points.length)]);
                }
                String t = text.toString();
                assertThat(SmsEncoder.countParts(t)).as("%s (%d chars)", alphabet, t.length())
                        .isEqualTo(SmsEncoder.encode(t, 0).partCount());
            }
        }
    }

    private static String reassemble(SmsEncoder.Encoded e) {
        StringBuilder s = new StringBuilder();
        for (byte[] p : e.parts()) {
            s.append(new String(Arrays.copyOfRange(p, 6, p.length), StandardCharsets.UTF_16BE));
        }
        return s.toString();
    }
}
