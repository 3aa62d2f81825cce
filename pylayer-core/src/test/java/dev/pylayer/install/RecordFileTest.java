package dev.pylayer.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFileTest {

  @Test
  void parsesRowsWithAndWithoutHashes() {
    List<RecordEntry> rows =
        RecordFile.parse(
            "idna/core.py,sha256=AVTFPZpEKzuHr7OvQZmhaU3LvwKz06AJw8mT_pNh2yI,3144\r\n"
                + "idna/__pycache__/core.cpython-311.pyc,,\r\n"
                + "\r\n"
                + "idna-3.7.dist-info/RECORD,,\r\n");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path()).isEqualTo("idna/core.py");
    assertThat(rows.get(0).hashAlgorithm()).isEqualTo("sha256");
    assertThat(rows.get(0).hashValue()).isEqualTo("AVTFPZpEKzuHr7OvQZmhaU3LvwKz06AJw8mT_pNh2yI");
    assertThat(rows.get(0).size()).hasValue(3144);
    assertThat(rows.get(1).hasHash()).isFalse();
    assertThat(rows.get(1).size()).isEmpty();
    assertThat(rows.get(2).path()).isEqualTo("idna-3.7.dist-info/RECORD");
  }

  @Test
  void quotesAndUnquotesPathsWithCommasAndQuotes() {
    List<RecordEntry> rows =
        List.of(
            RecordEntry.of("data/a,b \"c\".txt", "sha256=abc", 3),
            RecordEntry.withoutSize("plain.py", "sha256=def"),
            RecordEntry.unhashed("x.dist-info/RECORD"));
    String text = RecordFile.format(rows);
    assertThat(text)
        .isEqualTo(
            "\"data/a,b \"\"c\"\".txt\",sha256=abc,3\n"
                + "plain.py,sha256=def,\n"
                + "x.dist-info/RECORD,,\n");
    assertThat(RecordFile.parse(text)).isEqualTo(rows);
  }

  @Test
  void malformedRowsNameTheRow() {
    assertThatThrownBy(() -> RecordFile.parse("a.py,sha256=x,1\nb.py,sha256=y\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("expected 3");
    assertThatThrownBy(() -> RecordFile.parse("a.py,sha256=x,big\n"))
        .hasMessageContaining("size 'big' is not a number");
    assertThatThrownBy(() -> RecordFile.parse("a.py,nohash,1\n"))
        .hasMessageContaining("is not <algorithm>=<digest>");
  }
}
