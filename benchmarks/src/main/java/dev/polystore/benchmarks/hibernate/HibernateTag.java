package dev.polystore.benchmarks.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code tags}. Not thread-safe (a JPA entity). */
@Entity
@Table(name = "tags")
public class HibernateTag {
  @Id
  Long id;
  String name;

  protected HibernateTag() {
  }
}
