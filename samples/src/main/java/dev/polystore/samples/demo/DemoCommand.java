package dev.polystore.samples.demo;

import dev.polystore.StoreException;
import dev.polystore.samples.backends.DemoStores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: walks through the tutorials' scenarios on one backend and prints what it does and what came back.
 * Exit status 0, or 1 when the backend fails (the message is printed). Not thread-safe.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Walks through users, posts, tags, queries, aggregates, transactions and events on one backend.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "jdbc:sqlite:polystore-demo.db", paramLabel = "URL",
      description = "store URL (jdbc:…, dynamodb:…, influxdb:… for events only, or " + DemoStores.DYNAMODB_LOCAL
          + " for DynamoDB Local in-process); default: ${DEFAULT-VALUE}")
  private String url;

  @Override
  public Integer call() {
    System.out.println("Demo on " + dev.polystore.StoreConfig.mask(url));
    Walkthrough walkthrough = new Walkthrough(System.out);
    try (DemoStores stores = DemoStores.open(url)) {
      if (stores.users().isPresent()) {
        walkthrough.users(stores.users().get());
      } else {
        System.out.println("\n(" + stores.events().capabilities().backend()
            + " holds events only: the user scenarios are skipped)");
      }
      walkthrough.events(stores.events());
    } catch (StoreException e) {
      System.out.println();
      System.out.println("The demo stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
    System.out.println();
    System.out.println("Done.");
    return 0;
  }
}
