package dev.pylayer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesEveryValueKind() {
    Object value = Json.parse(" {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"i\": -12, \"big\": 123456789012345678901234,"
        + " \"d\": 1.5e3, \"t\": true, \"f\": false, \"n\": null, \"a\": [1, [], {}], \"e\": {}} ");
    assertThat(value).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) value;
    assertThat(map.get("s")).isEqualTo("a\"b\\c/\né😀");
    assertThat(map.get("i")).isEqualTo(-12L);
    assertThat(map.get("big")).isEqualTo(new BigInteger("123456789012345678901234"));
    assertThat(map.get("d")).isEqualTo(1500.0);
    assertThat(map.get("t")).isEqualTo(true);
    assertThat(map.get("f")).isEqualTo(false);
    assertThat(map.containsKey("n")).isTrue();
    assertThat(map.get("n")).isNull();
    assertThat(map.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
    assertThat(List.<Object>copyOf(map.keySet())).containsExactly("s", "i", "big", "d", "t", "f", "n", "a", "e");
  }

  @Test
  void acceptsPythonNonFiniteNumbers() {
    assertThat(Json.parse("[NaN, Infinity, -Infinity]"))
        .isEqualTo(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
  }

  @Test
  void rejectsMalformedInputNamingTheOffset() {
    assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).hasMessageContaining("offset 5").hasMessageContaining("expected ':'");
    assertThatThrownBy(() -> Json.parse("[1,]")).hasMessageContaining("expected a value");
    assertThatThrownBy(() -> Json.parse("01")).hasMessageContaining("leading zero");
    assertThatThrownBy(() -> Json.parse("\"abc")).hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessageContaining("control character");
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("after the JSON value");
    assertThatThrownBy(() -> Json.parse("[".repeat(600))).hasMessageContaining("nesting deeper");
    assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object but got an array");
  }

  @Test
  void writesCompactJsonThatReadsBack() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 line-sep \u2028 é");
    value.put("int", 42);
    value.put("long", 1L << 40);
    value.put("double", 0.25);
    value.put("whole", 3.0);
    value.put("float", 1.5f);
    value.put("null", null);
    value.put("list", List.of(true, false));
    value.put("array", new int[] {1, 2});
    value.put("nested", Map.of("k", List.of()));
    String json = Json.write(value);
    assertThat(json).startsWith("{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t control \\u0001 line-sep \\u2028 é\",\"int\":42,");
    assertThat(json).contains("\"whole\":3.0").contains("\"null\":null").contains("\"array\":[1,2]");
    Map<String, Object> back = Json.parseObject(json);
    assertThat(back.get("text")).isEqualTo(value.get("text"));
    assertThat(back.get("long")).isEqualTo(1L << 40);
    assertThat(back.get("double")).isEqualTo(0.25);
    assertThat(back.get("float")).isEqualTo(1.5);
    assertThat(back.get("nested")).isEqualTo(Map.of("k", List.of()));
  }

  @Test
  void refusesValuesJsonCannotHoldNamingThePath() {
    assertThatThrownBy(() -> Json.write(Map.of("tools", List.of(Map.of("when", new Object())))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.tools[0].when")
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void workerMessageKeepsTheExactDataText() {
    String line = "{\"id\":7,\"type\":\"result\",\"data\":{ \"b\" : [1, 2.50],\"a\":\"x\" }}";
    WorkerMessage message = WorkerMessage.parse(line);
    assertThat(message.id).isEqualTo(7);
    assertThat(message.type).isEqualTo("result");
    assertThat(message.dataJson()).isEqualTo("{ \"b\" : [1, 2.50],\"a\":\"x\" }");
    assertThat(message.dataObject()).containsEntry("a", "x");
    assertThat(WorkerMessage.leadingId("{\"id\":12345,\"type\":\"chu")).isEqualTo(12345);
    assertThat(WorkerMessage.leadingId("garbage")).isEqualTo(-1);
    assertThatThrownBy(() -> WorkerMessage.parse("{\"type\":\"result\"}")).hasMessageContaining("numeric \"id\"");
  }
}
