package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

  private static final UUID USER = UUID.fromString("01890000-0000-7000-8000-000000000001");
  private static final UUID POST = UUID.fromString("01890000-0000-7000-8000-000000000002");
  private static final Instant CREATED = Instant.parse("2024-01-02T03:04:05.123456Z");
  private static final Instant UPDATED = Instant.parse("2024-02-03T04:05:06Z");

  private static User user(String fullName, Integer age) {
    return User.builder().id(UserId.of(USER)).username("ada").email("ada@example.org").fullName(fullName).age(age)
        .active(false).createdAt(CREATED).updatedAt(UPDATED).version(3).build();
  }

  @Test
  void everyUserFieldReadsItsValueAsFiltersHoldIt() {
    FieldValues<UserField> values = FieldValues.of(user("Ada Lovelace", 36));
    assertEquals(USER, values.valueOf(UserField.ID));
    assertEquals("ada", values.valueOf(UserField.USERNAME));
    assertEquals("ada@example.org", values.valueOf(UserField.EMAIL));
    assertEquals("Ada Lovelace", values.valueOf(UserField.FULL_NAME));
    assertEquals(36L, values.valueOf(UserField.AGE));
    assertEquals(false, values.valueOf(UserField.ACTIVE));
    assertEquals(CREATED, values.valueOf(UserField.CREATED_AT));
    assertEquals(UPDATED, values.valueOf(UserField.UPDATED_AT));
    for (UserField field : UserField.values()) {
      assertTrue(field.valueType().isInstance(field.valueOf(user("Ada", 1))), field.name());
    }
  }

  @Test
  void missingUserValuesAreNull() {
    User user = user(null, null);
    assertNull(UserField.FULL_NAME.valueOf(user));
    assertNull(UserField.AGE.valueOf(user));
  }

  @Test
  void everyPostFieldReadsItsValueAsFiltersHoldIt() {
    Post post = new Post(PostId.of(POST), UserId.of(USER), "Notes", "On the engine", CREATED, Optional.empty());
    FieldValues<PostField> values = FieldValues.of(post);
    assertEquals(POST, values.valueOf(PostField.ID));
    assertEquals(USER, values.valueOf(PostField.AUTHOR_ID));
    assertEquals("Notes", values.valueOf(PostField.TITLE));
    assertEquals("On the engine", values.valueOf(PostField.CONTENT));
    assertEquals(CREATED, values.valueOf(PostField.CREATED_AT));
    for (PostField field : PostField.values()) {
      assertTrue(field.valueType().isInstance(field.valueOf(post)), field.name());
    }
  }
}
