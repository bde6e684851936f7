package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No Spring Statemachine, Spring or Reactor type appears in a public signature of core. */
class PublicApiTest {

  private static boolean foreign(Type t) {
    String name = t.getTypeName();
    return name.contains("org.springframework") || name.contains("reactor.");
  }

  private static List<Class<?>> coreClasses() throws IOException, URISyntaxException {
    Path root = Path.of(Lifecycle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("dev/lifeline"))) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
        try {
          out.add(Class.forName(name, false, Lifecycle.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out;
  }

  @Test
  void noPublicSignatureInCoreMentionsSpringOrReactor() throws Exception {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> classes = coreClasses();
    assertThat(classes).extracting(Class::getName)
        .contains("dev.lifeline.Lifecycle", "dev.lifeline.internal.SsmEngine");
    // Control: the scan sees nested classes, and the engine's private interceptor is a Spring type (kept private).
    Class<?> recorder = classes.stream().filter(c -> c.getName().equals("dev.lifeline.internal.SsmEngine$Recorder"))
        .findFirst().orElseThrow();
    assertThat(foreign(recorder.getGenericSuperclass())).isTrue();
    assertThat(Modifier.isPublic(recorder.getModifiers())).isFalse();
    for (Class<?> c : classes) {
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      if (c.getGenericSuperclass() != null && foreign(c.getGenericSuperclass())) {
        leaks.add(c.getName() + " extends " + c.getGenericSuperclass());
      }
      for (Type i : c.getGenericInterfaces()) {
        if (foreign(i)) {
          leaks.add(c.getName() + " implements " + i);
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
          if (foreign(m.getGenericReturnType())) {
            leaks.add(m.toGenericString());
          }
          for (Type p : m.getGenericParameterTypes()) {
            if (foreign(p)) {
              leaks.add(m.toGenericString());
            }
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())) {
          for (Type p : k.getGenericParameterTypes()) {
            if (foreign(p)) {
              leaks.add(k.toGenericString());
            }
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if ((Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers()))
            && foreign(f.getGenericType())) {
          leaks.add(f.toGenericString());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }
}
