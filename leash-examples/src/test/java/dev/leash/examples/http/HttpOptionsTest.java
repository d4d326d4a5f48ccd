package dev.leash.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpOptionsTest {

  @Test
  void defaultsAndEveryForm() {
    assertThat(HttpOptions.parse()).isEqualTo(new HttpOptions(8080, Duration.ofSeconds(30), false));
    assertThat(HttpOptions.parse("--port", "0", "--drain", "500ms"))
        .isEqualTo(new HttpOptions(0, Duration.ofMillis(500), false));
    assertThat(HttpOptions.parse("--port=9000", "--drain=2m", "--leaky"))
        .isEqualTo(new HttpOptions(9000, Duration.ofMinutes(2), true));
    assertThat(HttpOptions.parse("--drain", "1h").drain()).isEqualTo(Duration.ofHours(1));
    assertThat(HttpOptions.parse("--drain", "0s").drain()).isZero();
  }

  @Test
  void badInputNamesTheOption() {
    assertThatThrownBy(() -> HttpOptions.parse("--drain", "30")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--drain must be a duration such as 30s, 500ms or 2m, was '30'");
    assertThatThrownBy(() -> HttpOptions.parse("--drain", "-1s")).hasMessageStartingWith("--drain must be");
    assertThatThrownBy(() -> HttpOptions.parse("--port", "65536"))
        .hasMessage("--port must be a number from 0 to 65535, was '65536'");
    assertThatThrownBy(() -> HttpOptions.parse("--port", "http")).hasMessageStartingWith("--port must be");
    assertThatThrownBy(() -> HttpOptions.parse("--port")).hasMessage("--port needs a value");
    assertThatThrownBy(() -> HttpOptions.parse("8080")).hasMessageStartingWith("unknown option '8080'");
    assertThatThrownBy(() -> HttpOptions.parse("--verbose=yes"))
        .hasMessageStartingWith("unknown option '--verbose=yes'");
  }
}
