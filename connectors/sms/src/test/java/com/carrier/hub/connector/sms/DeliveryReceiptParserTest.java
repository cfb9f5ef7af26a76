package com.carrier.hub.connector.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DeliveryReceiptParserTest {

    @Test
    void readsTheStandardReceipt() {
        DeliveryReceiptParser.Receipt r = DeliveryReceiptParser.parse(
                "id:1000000001 sub:001 dlvrd:001 submit date:2611221530 done date:2611221531 stat:DELIVRD err:000 text:您好");
        assertThat(r.id()).isEqualTo("1000000001");
        assertThat(r.stat()).isEqualTo(DeliveryReceiptParser.Stat.DELIVRD);
        assertThat(r.err()).isEqualTo("000");
        assertThat(r.doneDate()).isEqualTo(Instant.parse("2026-11-22T07:31:00Z"));
    }

    @Test
    void toleratesLowerCaseSecondsAndMissingText() {
        DeliveryReceiptParser.Receipt r = DeliveryReceiptParser.parse(
                "ID:3B9ACA01 SUB:001 DLVRD:000 SUBMIT DATE:261122153000 DONE DATE:261122153100 STAT:undeliv ERR:012");
        assertThat(r.stat()).isEqualTo(DeliveryReceiptParser.Stat.UNDELIV);
        assertThat(r.delivered()).isFalse();
    }

    @Test
    void malformedTextIsRefusedNamingTheProblemWithoutQuotingTheCustomerText() {
        assertThatThrownBy(() -> DeliveryReceiptParser.parse("id:12 stat:DELIVRD text:张三 13800138000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not 'id:")
                .hasMessageNotContaining("13800138000");
        assertThatThrownBy(() -> DeliveryReceiptParser.parse(
                "id:1 sub:001 dlvrd:001 submit date:2611221530 done date:2611221531 stat:WHATEVER err:000"))
                .hasMessageContaining("unknown stat 'WHATEVER'");
        assertThatThrownBy(() -> DeliveryReceiptParser.parse(
                "id:1 sub:001 dlvrd:001 submit date:2611221530 done date:2613991531 stat:DELIVRD err:000"))
                .hasMessageContaining("impossible done date");
        assertThatThrownBy(() -> DeliveryReceiptParser.parse("")).hasMessageContaining("empty");
    }

    @Test
    void messageIdsInHexAndDecimalMeetInOneCanonicalForm() {
        assertThat(MessageIds.canonical("3B9ACA01", MessageIds.Format.AUTO)).isEqualTo("1000000001");
        assertThat(MessageIds.canonical("1000000001", MessageIds.Format.AUTO)).isEqualTo("1000000001");
        assertThat(MessageIds.canonical("0001000000001", MessageIds.Format.DECIMAL)).isEqualTo("1000000001");
        assertThat(MessageIds.canonical("12345", MessageIds.Format.HEX)).isEqualTo("74565");
        assertThat(MessageIds.canonical("12345", MessageIds.Format.AUTO)).isEqualTo("12345");
        assertThat(MessageIds.canonical(" msg-Ab7 ", MessageIds.Format.AUTO)).isEqualTo("msg-ab7");
        // past a long's digits the value is still exact
        assertThat(MessageIds.canonical("000000000000000000000000123", MessageIds.Format.DECIMAL)).isEqualTo("123");
        assertThat(MessageIds.canonical("99999999999999999999", MessageIds.Format.AUTO)).isEqualTo("99999999999999999999");
        assertThat(MessageIds.canonical("FFFFFFFFFFFFFFFFFF", MessageIds.Format.AUTO)).isEqualTo("4722366482869645213695");
        assertThat(MessageIds.canonical("fffffffffffffff", MessageIds.Format.HEX)).isEqualTo("1152921504606846975");
    }
}
