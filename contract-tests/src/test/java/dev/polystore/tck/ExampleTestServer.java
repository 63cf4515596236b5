package dev.polystore.tck;

/** The test server this module's own tests register, as an adapter registers its servers. */
public final class ExampleTestServer implements TestServer {

  @Override
  public String name() {
    return "example";
  }

  @Override
  public String defaultUsername() {
    return "tester";
  }

  @Override
  public String exampleUrl() {
    return "jdbc:example://127.0.0.1/test";
  }
}
