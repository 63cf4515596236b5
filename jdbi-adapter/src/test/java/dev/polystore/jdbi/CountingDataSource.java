package dev.polystore.jdbi;

import dev.polystore.tck.RequestCounter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Test support: a view of a data source that reports to a {@link RequestCounter} every round trip the JDBC driver is
 * asked for through it. Each {@code execute*} call of a statement is one request, and so is each
 * {@code executeBatch} whatever the batch's size; one whose SQL only controls the transaction or session
 * ({@code BEGIN}, {@code START TRANSACTION}, {@code SET ...}, {@code PRAGMA}, {@code COMMIT}, {@code ROLLBACK},
 * {@code SAVEPOINT}, {@code RELEASE}), and the connection's {@code commit()}, {@code rollback()} and savepoint calls,
 * count as control. {@code setAutoCommit} is not counted: whether it reaches the server depends on the driver.
 * Thread-safe.
 */
final class CountingDataSource {

  private static final Pattern CONTROL = Pattern.compile(
      "\\s*(BEGIN|START\\s+TRANSACTION|SET|PRAGMA|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|END)\\b.*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Set<String> CONNECTION_CONTROL = Set.of("commit", "rollback", "setSavepoint",
      "releaseSavepoint");
  private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");
  private static final Set<String> EXECUTE_BATCH = Set.of("executeBatch", "executeLargeBatch");

  private CountingDataSource() {
  }

  /** {@code dataSource}, counting into {@code counter} what is sent through the connections it lends. */
  static DataSource wrap(DataSource dataSource, RequestCounter counter) {
    return proxy(DataSource.class, dataSource, (method, args, result) -> method.getName().equals("getConnection")
        ? connection((Connection) result, counter) : result);
  }

  private static Connection connection(Connection connection, RequestCounter counter) {
    return proxy(Connection.class, connection, (method, args, result) -> {
      String name = method.getName();
      if (CONNECTION_CONTROL.contains(name)) {
        counter.control();
      } else if (result instanceof CallableStatement s) {
        return statement(CallableStatement.class, s, (String) args[0], counter);
      } else if (result instanceof PreparedStatement s && name.startsWith("prepare")) {
        return statement(PreparedStatement.class, s, (String) args[0], counter);
      } else if (result instanceof Statement s && name.equals("createStatement")) {
        return statement(Statement.class, s, null, counter);
      }
      return result;
    });
  }

  private static <S extends Statement> S statement(Class<S> type, S statement, String preparedSql,
                                                   RequestCounter counter) {
    return proxy(type, statement, (method, args, result) -> result, (method, args) -> {
      String name = method.getName();
      if (EXECUTE_BATCH.contains(name)) {
        counter.data();
      } else if (EXECUTE.contains(name)) {
        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
        if (sql != null && CONTROL.matcher(sql).matches()) {
          counter.control();
        } else {
          counter.data();
        }
      }
    });
  }

  /** What a proxy does with the result of a call it passed on. */
  private interface After {
    Object apply(Method method, Object[] args, Object result) throws Exception;
  }

  /** What a proxy does before passing a call on. */
  private interface Before {
    void accept(Method method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, T target, After after) {
    return proxy(type, target, after, (method, args) -> { });
  }

  private static <T> T proxy(Class<T> type, T target, After after, Before before) {
    InvocationHandler handler = (self, method, args) -> {
      if (method.getName().equals("unwrap") && args != null && args[0] == type) {
        return target;
      }
      before.accept(method, args);
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      return after.apply(method, args, result);
    };
    return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
        handler));
  }
}
