package dev.pylayer.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetrcTest {

  @Test
  void findsMachineEntriesOnOneOrManyLines() {
    Netrc netrc = Netrc.parse(
        "machine a.example login ann password pa\n"
            + "machine B.Example\n\tlogin bob\n\taccount ignored\n\tpassword pb\n");

    assertThat(netrc.forHost("a.example").get().user()).isEqualTo("ann");
    assertThat(netrc.forHost("a.example").get().password()).isEqualTo("pa");
    assertThat(netrc.forHost("b.example").get().user()).isEqualTo("bob");
    assertThat(netrc.forHost("b.example").get().password()).isEqualTo("pb");
    assertThat(netrc.forHost("c.example")).isEmpty();
  }

  @Test
  void fallsBackToTheDefaultEntry() {
    Netrc netrc = Netrc.parse("machine a login ann password pa\ndefault login anon password x\n");

    assertThat(netrc.forHost("other").get().user()).isEqualTo("anon");
    assertThat(netrc.forHost("a").get().user()).isEqualTo("ann");
  }

  @Test
  void skipsCommentsAndMacrosAndReadsQuotedTokens() {
    Netrc netrc = Netrc.parse(
        "# my logins\n"
            + "macdef init\ncd /pub\nmachine evil login x password y\n\n"
            + "machine h login \"user name\" password \"p w#d\"\n");

    assertThat(netrc.forHost("evil")).isEmpty();
    assertThat(netrc.forHost("h").get().user()).isEqualTo("user name");
    assertThat(netrc.forHost("h").get().password()).isEqualTo("p w#d");
  }

  @Test
  void rejectsAKeywordWithoutValue() {
    assertThatThrownBy(() -> Netrc.parse("machine h login"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'login'");
  }

  @Test
  void locatesNetrcLikeRequests(@TempDir Path dir) throws IOException {
    Path home = Files.createDirectory(dir.resolve("home"));
    assertThat(Netrc.locate(Map.of(), home)).isEmpty();

    Files.writeString(home.resolve(".netrc"), "machine h login a password b\n");
    assertThat(Netrc.locate(Map.of(), home)).contains(home.resolve(".netrc"));

    Path elsewhere = Files.writeString(dir.resolve("custom"), "machine h login c password d\n");
    assertThat(Netrc.locate(Map.of("NETRC", elsewhere.toString()), home)).contains(elsewhere);
    assertThat(Netrc.load(Map.of("NETRC", elsewhere.toString()), home).forHost("h").get().user())
        .isEqualTo("c");
  }
}
