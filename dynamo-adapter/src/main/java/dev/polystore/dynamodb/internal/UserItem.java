package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoSchemas.attribute;
import static dev.polystore.dynamodb.internal.DynamoTable.GSI1;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * Internal: a user's profile item, {@code pk=USER#<id>, sk=PROFILE}, listed in {@code gsi1} under
 * {@code gsi1pk=USER}. Instants are epoch nanoseconds; {@code *_lc} attributes hold the lowercased text for
 * case-insensitive matching. {@code post_seq} counts posts ever added, so a delete notices a concurrent
 * {@code addPost}. Immutable.
 */
record UserItem(String pk, String sk, String type, String gsi1pk, String gsi1sk, String id, String username,
                String usernameLc, String email, String emailLc, String fullName, String fullNameLc, Integer age,
                Boolean active, Long createdAt, Long updatedAt, Long version, Long postSeq) {

  static final TableSchema<UserItem> SCHEMA = StaticImmutableTableSchema.builder(UserItem.class, Builder.class)
      .newItemBuilder(Builder::new, Builder::build)
      .addAttribute(String.class, attribute("pk", UserItem::pk, Builder::pk, StaticAttributeTags.primaryPartitionKey()))
      .addAttribute(String.class, attribute("sk", UserItem::sk, Builder::sk, StaticAttributeTags.primarySortKey()))
      .addAttribute(String.class, attribute("type", UserItem::type, Builder::type))
      .addAttribute(String.class, attribute("gsi1pk", UserItem::gsi1pk, Builder::gsi1pk,
          StaticAttributeTags.secondaryPartitionKey(GSI1)))
      .addAttribute(String.class, attribute("gsi1sk", UserItem::gsi1sk, Builder::gsi1sk,
          StaticAttributeTags.secondarySortKey(GSI1)))
      .addAttribute(String.class, attribute("id", UserItem::id, Builder::id))
      .addAttribute(String.class, attribute("username", UserItem::username, Builder::username))
      .addAttribute(String.class, attribute("username_lc", UserItem::usernameLc, Builder::usernameLc))
      .addAttribute(String.class, attribute("email", UserItem::email, Builder::email))
      .addAttribute(String.class, attribute("email_lc", UserItem::emailLc, Builder::emailLc))
      .addAttribute(String.class, attribute("full_name", UserItem::fullName, Builder::fullName))
      .addAttribute(String.class, attribute("full_name_lc", UserItem::fullNameLc, Builder::fullNameLc))
      .addAttribute(Integer.class, attribute("age", UserItem::age, Builder::age))
      .addAttribute(Boolean.class, attribute("active", UserItem::active, Builder::active))
      .addAttribute(Long.class, attribute("created_at", UserItem::createdAt, Builder::createdAt))
      .addAttribute(Long.class, attribute("updated_at", UserItem::updatedAt, Builder::updatedAt))
      .addAttribute(Long.class, attribute("version", UserItem::version, Builder::version))
      .addAttribute(Long.class, attribute("post_seq", UserItem::postSeq, Builder::postSeq))
      .build();

  /** Builder used by the schema; not thread-safe. */
  static final class Builder {
    private String pk;
    private String sk;
    private String type;
    private String gsi1pk;
    private String gsi1sk;
    private String id;
    private String username;
    private String usernameLc;
    private String email;
    private String emailLc;
    private String fullName;
    private String fullNameLc;
    private Integer age;
    private Boolean active;
    private Long createdAt;
    private Long updatedAt;
    private Long version;
    private Long postSeq;

    void pk(String v) {
      pk = v;
    }

    void sk(String v) {
      sk = v;
    }

    void type(String v) {
      type = v;
    }

    void gsi1pk(String v) {
      gsi1pk = v;
    }

    void gsi1sk(String v) {
      gsi1sk = v;
    }

    void id(String v) {
      id = v;
    }

    void username(String v) {
      username = v;
    }

    void usernameLc(String v) {
      usernameLc = v;
    }

    void email(String v) {
      email = v;
    }

    void emailLc(String v) {
      emailLc = v;
    }

    void fullName(String v) {
      fullName = v;
    }

    void fullNameLc(String v) {
      fullNameLc = v;
    }

    void age(Integer v) {
      age = v;
    }

    void active(Boolean v) {
      active = v;
    }

    void createdAt(Long v) {
      createdAt = v;
    }

    void updatedAt(Long v) {
      updatedAt = v;
    }

    void version(Long v) {
      version = v;
    }

    void postSeq(Long v) {
      postSeq = v;
    }

    UserItem build() {
      return new UserItem(pk, sk, type, gsi1pk, gsi1sk, id, username, usernameLc, email, emailLc, fullName,
          fullNameLc, age, active, createdAt, updatedAt, version, postSeq);
    }
  }
}
