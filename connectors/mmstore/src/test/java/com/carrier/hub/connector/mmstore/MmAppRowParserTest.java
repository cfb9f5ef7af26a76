package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MmAppRowParserTest {

    final MmAppRowParser parser = new MmAppRowParser();

    @Test
    void parsesAGoodRow() {
        MmAppRowParser.Result r = parser.parseLine("300001|和飞信|社交|Android 8.0|HUAWEI Mate60, Xiaomi 14 ,vivo X100|20480|0|1\r");

        assertThat(r.accepted()).isTrue();
        MmApp app = r.app();
        assertThat(app.appId()).isEqualTo("300001");
        assertThat(app.name()).isEqualTo("和飞信");
        assertThat(app.category()).isEqualTo("社交");
        assertThat(app.minOs()).isEqualTo("Android 8.0");
        assertThat(app.models()).containsExactly("HUAWEI Mate60", "Xiaomi 14", "vivo X100");
        assertThat(app.sizeKb()).isEqualTo(20480);
        assertThat(app.priceFen()).isZero();
        assertThat(app.onSale()).isTrue();
        assertThat(app.allModels()).isFalse();
    }

    @Test
    void starMeansEveryModelAndEmptyOptionalFieldsAreFine() {
        MmAppRowParser.Result r = parser.parse(List.of("300002", "咪咕视频", "", "", "*", "51200", "600", "0"));

        assertThat(r.accepted()).isTrue();
        assertThat(r.app().allModels()).isTrue();
        assertThat(r.app().supports("any phone at all")).isTrue();
        assertThat(r.app().supports("")).isTrue();
        assertThat(r.app().onSale()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "empty model list;300003|App|c|os||100|0|1;EMPTY_MODELS;models: empty for app 300003",
        "model list of only commas;300003|App|c|os| , ,|100|0|1;EMPTY_MODELS;models: empty",
        "too few fields;300003|App|c|os|*|100|0;FIELD_COUNT;expected 8 fields",
        "too many fields;300003|App|c|os|*|100|0|1|x;FIELD_COUNT;got 9",
        "missing app id;|App|c|os|*|100|0|1;MISSING_APP_ID;app_id: empty",
        "missing name;300003| |c|os|*|100|0|1;MISSING_NAME;name: empty",
        "size not a number;300003|App|c|os|*|12kb|0|1;BAD_SIZE_KB;size_kb: '12kb'",
        "negative price;300003|App|c|os|*|100|-5|1;BAD_PRICE_FEN;price_fen: '-5'",
        "unknown status;300003|App|c|os|*|100|0|2;BAD_STATUS;status: '2'",
    })
    void refusesBadRowsWithACodeAndTheField(String what, String line, String code, String message) {
        MmAppRowParser.Result r = parser.parseLine(line);

        assertThat(r.accepted()).isFalse();
        assertThat(r.rejection().code()).isEqualTo(code);
        assertThat(r.rejection().message()).contains(message);
    }
}
