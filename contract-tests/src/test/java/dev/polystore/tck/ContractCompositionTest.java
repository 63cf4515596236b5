package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract classes compose feature interfaces with default methods. A private method of a contract class with
 * the name and parameters of such a default method compiles, but the JVM resolves calls from the interface to
 * the private method and fails at run time (IllegalAccessError, AbstractMethodError), so none may exist.
 */
class ContractCompositionTest {

  @Test
  void noPrivateMethodOfAContractClassShadowsADefaultMethodOfItsFeatures() {
    for (Class<?> contract : List.of(UserStoreContract.class, EventStoreContract.class)) {
      List<String> clashes = new ArrayList<>();
      Set<Method> defaults = defaultMethods(contract);
      for (Class<?> type = contract; type != null && type != Object.class; type = type.getSuperclass()) {
        for (Method method : type.getDeclaredMethods()) {
          if (!Modifier.isPrivate(method.getModifiers())) {
            continue;
          }
          for (Method candidate : defaults) {
            if (candidate.getName().equals(method.getName())
                && Arrays.equals(candidate.getParameterTypes(), method.getParameterTypes())) {
              clashes.add(type.getSimpleName() + "." + method.getName() + " shadows "
                  + candidate.getDeclaringClass().getSimpleName() + "." + candidate.getName());
            }
          }
        }
      }
      assertEquals(List.of(), clashes, contract.getSimpleName());
    }
  }

  private static Set<Method> defaultMethods(Class<?> contract) {
    Set<Method> out = new LinkedHashSet<>();
    List<Class<?>> pending = new ArrayList<>();
    for (Class<?> type = contract; type != null; type = type.getSuperclass()) {
      pending.addAll(Arrays.asList(type.getInterfaces()));
    }
    while (!pending.isEmpty()) {
      Class<?> feature = pending.remove(pending.size() - 1);
      for (Method method : feature.getDeclaredMethods()) {
        if (method.isDefault()) {
          out.add(method);
        }
      }
      pending.addAll(Arrays.asList(feature.getInterfaces()));
    }
    return out;
  }
}
