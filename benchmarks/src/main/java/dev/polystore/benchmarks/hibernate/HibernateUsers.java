package dev.polystore.benchmarks.hibernate;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.polystore.user.NewUser;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;

/**
 * The user workloads as a Hibernate user writes them: {@code persist} in one transaction (batches of 1,000,
 * ordered inserts), a JPQL look-up by {@code usernameKey}, a page of users then their posts with
 * {@code join fetch} of the tags in a read-only transaction, and a JPQL count. One session per operation.
 * Thread-safe (the session factory is).
 */
public final class HibernateUsers implements AutoCloseable {

  /** A user of a page with its posts. */
  public record PageEntry(HibernateUser user, List<HibernatePost> posts) {
  }

  private final SessionFactory sessions;

  public HibernateUsers(DataSource pool) {
    Configuration config = new Configuration()
        .addAnnotatedClass(HibernateUser.class)
        .addAnnotatedClass(HibernatePost.class)
        .addAnnotatedClass(HibernateTag.class)
        .setProperty("hibernate.jdbc.batch_size", "1000")
        .setProperty("hibernate.order_inserts", "true")
        .setProperty("hibernate.hbm2ddl.auto", "none")
        .setProperty("hibernate.show_sql", "false")
        .setProperty("hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect");
    config.getProperties().put("hibernate.connection.datasource", pool);
    this.sessions = config.buildSessionFactory();
  }

  public List<HibernateUser> createAll(List<NewUser> users) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<HibernateUser> created = new ArrayList<>(users.size());
    try (Session s = sessions.openSession()) {
      Transaction tx = s.beginTransaction();
      try {
        for (NewUser u : users) {
          HibernateUser row = new HibernateUser(UuidCreator.getTimeOrderedEpoch(), u.username(), u.email(),
              u.fullName(), u.age(), u.active(), now);
          s.persist(row);
          created.add(row);
        }
        tx.commit();
      } catch (RuntimeException e) {
        tx.rollback();
        throw e;
      }
    }
    return created;
  }

  public Optional<HibernateUser> findByUsername(String username) {
    try (Session s = sessions.openSession()) {
      return s.createSelectionQuery("from HibernateUser u where u.usernameKey = :k", HibernateUser.class)
          .setParameter("k", username.toLowerCase(java.util.Locale.ROOT)).setReadOnly(true).uniqueResultOptional();
    }
  }

  public List<PageEntry> firstPageWithPostsAndTags(int size) {
    try (Session s = sessions.openSession()) {
      s.setDefaultReadOnly(true);
      Transaction tx = s.beginTransaction();
      try {
        List<HibernateUser> users = s.createSelectionQuery("from HibernateUser u order by u.id", HibernateUser.class)
            .setMaxResults(size + 1).getResultList();
        if (users.size() > size) {
          users = users.subList(0, size);
        }
        List<HibernatePost> posts = users.isEmpty() ? List.of() : s.createSelectionQuery(
            "select distinct p from HibernatePost p left join fetch p.tags where p.author in :authors"
                + " order by p.createdAt, p.id", HibernatePost.class)
            .setParameter("authors", users).getResultList();
        Map<UUID, List<HibernatePost>> byAuthor = new HashMap<>();
        for (HibernatePost p : posts) {
          byAuthor.computeIfAbsent(p.author.id(), k -> new ArrayList<>()).add(p);
        }
        List<PageEntry> page = new ArrayList<>(users.size());
        for (HibernateUser u : users) {
          page.add(new PageEntry(u, byAuthor.getOrDefault(u.id(), List.of())));
        }
        tx.commit();
        return page;
      } catch (RuntimeException e) {
        tx.rollback();
        throw e;
      }
    }
  }

  public long countAgeAtLeast(int minAge) {
    try (Session s = sessions.openSession()) {
      return s.createSelectionQuery("select count(u) from HibernateUser u where u.age >= :a", Long.class)
          .setParameter("a", minAge).getSingleResult();
    }
  }

  @Override
  public void close() {
    sessions.close();
  }
}
