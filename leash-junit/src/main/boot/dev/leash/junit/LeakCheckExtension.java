package dev.leash.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit Jupiter extension behind {@link LeakCheck}; also registered for every class by autodetection. Keeps a
 * baseline of live thread ids before each class and each test and checks against it afterwards.
 *
 * <p>Loads on any Java: below Java 21 it prints one notice per JVM and does nothing.
 */
public final class LeakCheckExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Object impl;

  /** Creates the extension; JUnit does this. */
  public LeakCheckExtension() {
    impl = Floor.supported() ? Floor.create("JupiterLeakCheck") : null;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (impl != null) {
      ((BeforeAllCallback) impl).beforeAll(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (impl != null) {
      ((BeforeEachCallback) impl).beforeEach(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (impl != null) {
      ((AfterEachCallback) impl).afterEach(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (impl != null) {
      ((AfterAllCallback) impl).afterAll(context);
    }
  }
}
