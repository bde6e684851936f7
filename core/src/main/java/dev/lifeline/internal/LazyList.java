package dev.lifeline.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An unmodifiable list read from {@code read} the first time anything looks at it, then kept: a guard that never
 * looks costs no read. Not thread-safe (one decision's).
 */
final class LazyList<T> extends AbstractList<T> {

  private final Supplier<List<T>> read;
  private List<T> items;

  LazyList(Supplier<List<T>> read) {
    this.read = read;
  }

  private List<T> items() {
    if (items == null) {
      items = List.copyOf(read.get());
    }
    return items;
  }

  @Override
  public T get(int index) {
    return items().get(index);
  }

  @Override
  public int size() {
    return items().size();
  }
}
