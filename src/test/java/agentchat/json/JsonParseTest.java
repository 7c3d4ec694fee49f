package agentchat.json;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Json.parse takes exactly one JSON value: the same rule for socket frames and request bodies. */
class JsonParseTest {

    @Test
    void parsesOneValueWithSurroundingWhitespace() {
        assertThat(Json.parse("  {\"a\": [1, 2]}\n").asJsonObject().getJsonArray("a").size(), is(2));
    }

    @Test
    void parsesScalars() {
        assertThat(Json.parse("42").getValueType(), is(JsonValue.ValueType.NUMBER));
        assertThat(Json.parse("null"), is(JsonValue.NULL));
    }

    @Test
    void rejectsTrailingGarbage() {
        assertThrows(JsonException.class, () -> Json.parse("{\"type\":\"cancel\"} trailing"));
    }

    @Test
    void rejectsASecondValue() {
        assertThrows(JsonException.class, () -> Json.parse("{}{}"));
    }

    @Test
    void rejectsEmptyText() {
        assertThrows(JsonException.class, () -> Json.parse(""));
        assertThrows(JsonException.class, () -> Json.parse("   "));
    }

    @Test
    void rejectsTruncatedText() {
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":"));
    }
}
