package dev.leash.junit6;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Proves this module's copy of leash-junit's tests really runs on Jupiter 6, not on the parent's JUnit 5. */
class RunsOnJUnit6Test {
  @Test
  void jupiterOnTheClasspathIsVersion6() {
    assertThat(Test.class.getPackage().getImplementationVersion()).startsWith("6.");
    assertThat(org.junit.platform.engine.TestEngine.class.getPackage().getImplementationVersion()).startsWith("6.");
  }
}
