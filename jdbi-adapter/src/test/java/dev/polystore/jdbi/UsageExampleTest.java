package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.event.EventQuery;
import dev.polystore.user.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick-start program is {@link QuickStart}, word for word: this test checks that the two agree
 * and runs it, so the example users copy always compiles and works.
 */
class UsageExampleTest {

  @TempDir
  Path dir;

  @Test
  void theReadmeShowsQuickStartAsItIs() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```java\n(import dev\\.polystore\\.EventStore;.*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertTrue(block.find(), "the README has the quick-start program");
    String source = Files.readString(Path.of("src/test/java/dev/polystore/jdbi/QuickStart.java"),
        StandardCharsets.UTF_8);
    assertEquals(source.replaceFirst("^package dev\\.polystore\\.jdbi;\n\n", ""), block.group(1));
  }

  @Test
  void quickStartRuns() {
    String usersUrl = "jdbc:sqlite:" + dir.resolve("app.db");
    String eventsUrl = "jdbc:sqlite:" + dir.resolve("events.db");
    String previous = System.setProperty("polystore.events.url", eventsUrl);
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      QuickStart.main(new String[] {usersUrl});
    } finally {
      System.setOut(out);
      if (previous == null) {
        System.clearProperty("polystore.events.url");
      } else {
        System.setProperty("polystore.events.url", previous);
      }
    }
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("ann 1", "bob 0"), lines.subList(0, 2), "adults by age, each with their posts");
    assertEquals(3, lines.size(), "and the one event read back: " + lines);
    try (UserStore users = Stores.openUserStore(usersUrl); EventStore events = Stores.openEventStore(eventsUrl)) {
      User bob = users.findByUsername("bob").orElseThrow();
      assertEquals(28, bob.age(), "the transaction's update is stored");
      try (Stream<dev.polystore.event.Event> cpu = events.query(EventQuery.builder("cpu").build())) {
        assertEquals(1, cpu.count());
      }
    }
  }
}
