package dev.polystore.user;

/**
 * What the builders of {@link NewUser} and {@link User} share: the fields a user is created with (username,
 * e-mail, full name, age, active; active defaults to {@code true}). Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class UserFieldsBuilder<B extends UserFieldsBuilder<B>> {
  String username;
  String email;
  String fullName;
  Integer age;
  boolean active = true;

  UserFieldsBuilder() {
  }

  /** This builder, as its concrete type. */
  abstract B self();

  public B username(String username) {
    this.username = username;
    return self();
  }

  public B email(String email) {
    this.email = email;
    return self();
  }

  public B fullName(String fullName) {
    this.fullName = fullName;
    return self();
  }

  public B age(Integer age) {
    this.age = age;
    return self();
  }

  public B active(boolean active) {
    this.active = active;
    return self();
  }
}
