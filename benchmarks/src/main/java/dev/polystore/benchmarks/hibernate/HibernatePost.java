package dev.polystore.benchmarks.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A row of {@code posts} with its tags (through {@code post_tags}). Not thread-safe (a JPA entity). */
@Entity
@Table(name = "posts")
public class HibernatePost {
  @Id
  UUID id;
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "author_id")
  HibernateUser author;
  String title;
  String content;
  @Column(name = "created_at")
  Instant createdAt;
  @ManyToMany(fetch = FetchType.LAZY)
  @JoinTable(name = "post_tags", joinColumns = @JoinColumn(name = "post_id"),
      inverseJoinColumns = @JoinColumn(name = "tag_id"))
  Set<HibernateTag> tags;

  protected HibernatePost() {
  }
}
