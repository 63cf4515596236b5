package dev.polystore.benchmarks.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code users} as Hibernate maps it. Not thread-safe (a JPA entity). */
@Entity
@Table(name = "users")
public class HibernateUser {
  @Id
  UUID id;
  String username;
  @Column(name = "username_key")
  String usernameKey;
  String email;
  @Column(name = "email_key")
  String emailKey;
  @Column(name = "full_name")
  String fullName;
  @Column(name = "full_name_key")
  String fullNameKey;
  Integer age;
  boolean active;
  @Column(name = "created_at")
  Instant createdAt;
  @Column(name = "updated_at")
  Instant updatedAt;
  long version;

  protected HibernateUser() {
  }

  HibernateUser(UUID id, String username, String email, String fullName, Integer age, boolean active, Instant now) {
    this.id = id;
    this.username = username;
    this.usernameKey = username.toLowerCase(java.util.Locale.ROOT);
    this.email = email;
    this.emailKey = email.toLowerCase(java.util.Locale.ROOT);
    this.fullName = fullName;
    this.fullNameKey = fullName == null ? null : fullName.toLowerCase(java.util.Locale.ROOT);
    this.age = age;
    this.active = active;
    this.createdAt = now;
    this.updatedAt = now;
    this.version = 1;
  }

  public UUID id() {
    return id;
  }
}
