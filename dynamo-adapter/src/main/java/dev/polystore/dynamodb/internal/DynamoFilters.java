package dev.polystore.dynamodb.internal;

import dev.polystore.query.Field;
import dev.polystore.spi.support.TextRules;
import dev.polystore.spi.support.ValueOrder;
import dev.polystore.query.Filter;
import dev.polystore.spi.support.InMemoryFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: turns a {@link Filter} over one entity's fields into a DynamoDB filter expression, and splits off the
 * parts no expression can express, which the store evaluates in memory ({@link InMemoryFilter}). Built once per
 * entity; thread-safe (immutable).
 *
 * <p>SQL's three-valued logic is kept: negations are pushed down to the comparisons (De Morgan), and every
 * comparison on a nullable field is guarded with {@code attribute_exists}, so that neither a comparison nor its
 * negation matches an item without the attribute. Case-insensitive matches use the lowercased shadow attribute
 * ({@code username_lc}, ...). What has no expression — {@code endsWith}, case-insensitive matches on fields without
 * a shadow attribute, and order comparisons on booleans — is split off as a residual filter that the store
 * evaluates on the items it streams, with the same three-valued logic; the expression still narrows the read by the
 * other parts of a top-level AND. So does what would make the expression longer than DynamoDB takes (4 KB; an
 * {@code in} of about 500 values or more, or several smaller ones): the largest parts of a top-level AND move to
 * the residual filter until the rest fits, so every filter the API accepts runs, reading the same items with a
 * shorter expression.
 *
 * @param <F> the field enum
 */
final class DynamoFilters<F extends Enum<F> & Field> {

  /** Always true: every item has a partition key. */
  private static final String TRUE = "attribute_exists(#pk)";
  /** Always false. */
  private static final String FALSE = "attribute_not_exists(#pk)";
  /** DynamoDB's most operands of one {@code IN}; longer lists are written as an OR of {@code IN}s. */
  private static final int MAX_IN_VALUES = 100;
  /**
   * The longest filter expression the store sends: DynamoDB refuses one over 4 KB ("Expression size has exceeded
   * the maximum allowed size"); the rest is room for placeholders numbered after the key condition's.
   */
  static final int MAX_EXPRESSION_LENGTH = 3_800;

  /** The suffix of a text attribute's lowercased shadow: {@code username} has {@code username_lc}. */
  private static final String SHADOW = "_lc";

  private final Map<F, String> attributes;
  private final Map<F, String> lowercase;
  private final Expressible expressible = new Expressible();

  private DynamoFilters(Map<F, String> attributes, Map<F, String> lowercase) {
    this.attributes = Collections.unmodifiableMap(attributes);
    this.lowercase = Collections.unmodifiableMap(lowercase);
  }

  /**
   * The filters of the fields of {@code type} over the items of {@code schema}: each field is stored in the
   * attribute of its {@link Field#externalName() external name}, and a text field whose attribute has a lowercased
   * shadow ({@code <name>_lc}) in the schema is matched case-insensitively on it.
   *
   * @throws IllegalStateException when the schema has no attribute for a field
   */
  static <F extends Enum<F> & Field> DynamoFilters<F> of(Class<F> type, TableSchema<?> schema) {
    List<String> names = schema.attributeNames();
    Map<F, String> attributes = new EnumMap<>(type);
    Map<F, String> lowercase = new EnumMap<>(type);
    for (F field : type.getEnumConstants()) {
      String attribute = field.externalName();
      if (!names.contains(attribute)) {
        throw new IllegalStateException(schema.itemType().rawClass().getSimpleName() + " has no attribute "
            + attribute + " for " + type.getSimpleName() + "." + field.name());
      }
      attributes.put(field, attribute);
      if (field.valueType() == String.class && names.contains(attribute + SHADOW)) {
        lowercase.put(field, attribute + SHADOW);
      }
    }
    return new DynamoFilters<>(attributes, lowercase);
  }

  /** A filter split into the part DynamoDB evaluates and the part evaluated in memory; either may be null. */
  record Split<F extends Enum<F> & Field>(Filter<F> expressible, Filter<F> residual) {
  }

  Split<F> split(Filter<F> filter) {
    if (filter instanceof Filter.All) {
      return new Split<>(null, null);
    }
    List<Filter<F>> parts = filter instanceof Filter.And<F> and ? and.parts() : List.of(filter);
    List<Filter<F>> expressible = new ArrayList<>();
    List<Filter<F>> residual = new ArrayList<>();
    for (Filter<F> part : parts) {
      (expressible(part) ? expressible : residual).add(part);
    }
    while (!expressible.isEmpty() && length(combine(expressible)) > MAX_EXPRESSION_LENGTH) {
      Filter<F> longest = expressible.get(0);
      for (Filter<F> part : expressible) {
        longest = length(part) > length(longest) ? part : longest;
      }
      expressible.remove(longest);
      residual.add(longest);
    }
    return new Split<>(combine(expressible), combine(residual));
  }

  /** The length of the expression of an expressible filter, with placeholders numbered from zero. */
  private int length(Filter<F> filter) {
    return expression(filter, new DynamoExpression()).length();
  }

  private static <F extends Enum<F> & Field> Filter<F> combine(List<Filter<F>> parts) {
    if (parts.isEmpty()) {
      return null;
    }
    return parts.size() == 1 ? parts.get(0) : Filter.and(parts);
  }

  private boolean expressible(Filter<F> filter) {
    return filter.accept(expressible);
  }

  /**
   * Whether DynamoDB can evaluate a filter in an expression: not {@code endsWith}, not a case-insensitive match on
   * a field without a lowercased shadow, not an order comparison of booleans. Thread-safe (stateless).
   */
  private final class Expressible implements Filter.Visitor<F, Boolean> {
    @Override
    public Boolean visitAll(Filter.All<F> all) {
      return true;
    }

    @Override
    public Boolean visitCompare(Filter.Compare<F> c) {
      boolean booleanOrder = c.field().valueType() == Boolean.class && c.op() != Filter.Op.EQ && c.op() != Filter.Op.NE;
      return !booleanOrder && (!c.ignoreCase() || lowercase.containsKey(c.field()));
    }

    @Override
    public Boolean visitBetween(Filter.Between<F> b) {
      return b.field().valueType() != Boolean.class;
    }

    @Override
    public Boolean visitIn(Filter.In<F> in) {
      return !in.ignoreCase() || lowercase.containsKey(in.field());
    }

    @Override
    public Boolean visitIsNull(Filter.IsNull<F> isNull) {
      return true;
    }

    @Override
    public Boolean visitText(Filter.Text<F> t) {
      return t.op() != Filter.TextOp.ENDS_WITH && (!t.ignoreCase() || lowercase.containsKey(t.field()));
    }

    @Override
    public Boolean visitAnd(Filter.And<F> a) {
      return a.parts().stream().allMatch(DynamoFilters.this::expressible);
    }

    @Override
    public Boolean visitOr(Filter.Or<F> o) {
      return o.parts().stream().allMatch(DynamoFilters.this::expressible);
    }

    @Override
    public Boolean visitNot(Filter.Not<F> n) {
      return expressible(n.part());
    }
  }

  /** The expression of an expressible filter (see {@link #split}); binds its names and values in {@code expr}. */
  String expression(Filter<F> filter, DynamoExpression expr) {
    String text = write(filter, false, expr);
    if (text.contains("#pk")) {
      // TRUE and FALSE refer to the partition key by a fixed placeholder
      text = text.replace("#pk", expr.name(DynamoTable.PK));
    }
    return text;
  }

  private String write(Filter<F> filter, boolean negated, DynamoExpression expr) {
    return filter.accept(new Writer(negated, expr));
  }

  /**
   * Writes a filter, or its SQL negation, as an expression, binding names and values in {@code expr}. Not
   * thread-safe (writes into {@code expr}).
   */
  private final class Writer implements Filter.Visitor<F, String> {
    private final boolean negated;
    private final DynamoExpression expr;

    Writer(boolean negated, DynamoExpression expr) {
      this.negated = negated;
      this.expr = expr;
    }

    @Override
    public String visitAll(Filter.All<F> all) {
      return negated ? FALSE : TRUE;
    }

    @Override
    public String visitCompare(Filter.Compare<F> c) {
      String a = expr.name(c.ignoreCase() ? lowercase.get(c.field()) : attributes.get(c.field()));
      String v = expr.value(encode(c.value(), c.ignoreCase()));
      return guard(c.field(), a, negated, a + " " + operator(c.op()) + " " + v);
    }

    @Override
    public String visitBetween(Filter.Between<F> b) {
      if (ValueOrder.compare(b.low(), b.high()) > 0) {
        return negated ? exists(b.field(), attributes.get(b.field()), expr) : FALSE;
      }
      String a = expr.name(attributes.get(b.field()));
      return guard(b.field(), a, negated,
          a + " BETWEEN " + expr.value(encode(b.low(), false)) + " AND " + expr.value(encode(b.high(), false)));
    }

    @Override
    public String visitIn(Filter.In<F> in) {
      if (in.values().isEmpty()) {
        return negated ? exists(in.field(), attributes.get(in.field()), expr) : FALSE;
      }
      String a = expr.name(in.ignoreCase() ? lowercase.get(in.field()) : attributes.get(in.field()));
      List<String> groups = new ArrayList<>();
      for (int from = 0; from < in.values().size(); from += MAX_IN_VALUES) {
        List<String> placeholders = new ArrayList<>();
        for (Object value : in.values().subList(from, Math.min(in.values().size(), from + MAX_IN_VALUES))) {
          placeholders.add(expr.value(encode(value, in.ignoreCase())));
        }
        groups.add(a + " IN (" + String.join(", ", placeholders) + ")");
      }
      String test = groups.size() == 1 ? groups.get(0) : "(" + String.join(" OR ", groups) + ")";
      return guard(in.field(), a, negated, test);
    }

    @Override
    public String visitIsNull(Filter.IsNull<F> n) {
      String a = expr.name(attributes.get(n.field()));
      return negated ? "attribute_exists(" + a + ")" : "attribute_not_exists(" + a + ")";
    }

    @Override
    public String visitText(Filter.Text<F> t) {
      if (t.pattern().isEmpty()) {
        return negated ? FALSE : exists(t.field(), attributes.get(t.field()), expr);
      }
      String a = expr.name(t.ignoreCase() ? lowercase.get(t.field()) : attributes.get(t.field()));
      String v = expr.value(encode(t.pattern(), t.ignoreCase()));
      String test = t.op() == Filter.TextOp.STARTS_WITH ? "begins_with(" + a + ", " + v + ")"
          : "contains(" + a + ", " + v + ")";
      return guard(t.field(), a, negated, test);
    }

    @Override
    public String visitAnd(Filter.And<F> and) {
      return join(and.parts(), negated, negated ? " OR " : " AND ", expr);
    }

    @Override
    public String visitOr(Filter.Or<F> or) {
      return join(or.parts(), negated, negated ? " AND " : " OR ", expr);
    }

    @Override
    public String visitNot(Filter.Not<F> not) {
      return write(not.part(), !negated, expr);
    }
  }

  private String join(List<Filter<F>> parts, boolean negated, String operator, DynamoExpression expr) {
    List<String> written = new ArrayList<>();
    for (Filter<F> part : parts) {
      written.add(write(part, negated, expr));
    }
    return written.size() == 1 ? written.get(0) : "(" + String.join(operator, written) + ")";
  }

  /** A comparison (or its SQL negation): never true for an item without the attribute. */
  private static String guard(Field field, String attribute, boolean negated, String test) {
    String body = negated ? "NOT " + test : test;
    if (!field.nullable()) {
      return negated ? "(" + body + ")" : body;
    }
    return "(attribute_exists(" + attribute + ") AND " + body + ")";
  }

  /** True for items that have the field (every item, for a field that is never null). */
  private static String exists(Field field, String attribute, DynamoExpression expr) {
    return field.nullable() ? "attribute_exists(" + expr.name(attribute) + ")" : TRUE;
  }

  private static String operator(Filter.Op op) {
    switch (op) {
      case EQ:
        return "=";
      case NE:
        return "<>";
      case LT:
        return "<";
      case LE:
        return "<=";
      case GT:
        return ">";
      case GE:
        return ">=";
      default:
        throw new IllegalStateException(op.name());
    }
  }

  /** A filter value as DynamoDB stores it. */
  static AttributeValue encode(Object value, boolean lowercased) {
    if (value instanceof String s) {
      return AttributeValue.fromS(lowercased ? lower(s) : s);
    }
    if (value instanceof Long l) {
      return AttributeValue.fromN(Long.toString(l));
    }
    if (value instanceof Boolean b) {
      return AttributeValue.fromBool(b);
    }
    if (value instanceof Instant t) {
      return AttributeValue.fromN(Long.toString(DynamoTime.clampedNanos(t)));
    }
    if (value instanceof UUID u) {
      return AttributeValue.fromS(u.toString());
    }
    throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
  }

  static String lower(String s) {
    return TextRules.foldCase(s);
  }
}
