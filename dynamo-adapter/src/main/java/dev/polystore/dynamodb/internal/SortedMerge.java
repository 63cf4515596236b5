package dev.polystore.dynamodb.internal;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Internal: a streaming k-way merge of iterators that are each sorted in one order, into that order. It holds one
 * element per source (a heap of their heads), never the sources' contents. A source is advanced only when the
 * merge needs its next element — after the element it gave was returned, at the next {@code hasNext} or
 * {@code next} — so a consumer that stops early never makes a source read further (a page it does not need). Equal
 * elements come in the order of their sources. Not thread-safe.
 *
 * @param <T> the elements
 */
final class SortedMerge<T> implements Iterator<T> {

  private record Head<T>(T element, int source) {
  }

  private final List<? extends Iterator<T>> sources;
  private final PriorityQueue<Head<T>> heads;
  /** The source whose head was returned last and not replaced yet, or -1. */
  private int taken = -1;

  private SortedMerge(List<? extends Iterator<T>> sources, Comparator<? super T> order) {
    this.sources = sources;
    Comparator<Head<T>> byElement = Comparator.comparing(Head::element, order);
    this.heads = new PriorityQueue<>(Math.max(1, sources.size()), byElement.thenComparingInt(Head::source));
    for (int i = 0; i < sources.size(); i++) {
      advance(i);
    }
  }

  /**
   * The elements of every source in {@code order}; each source must already be in that order. Each source's first
   * element is taken now (so sources that read ahead, say their first page, should have done so before).
   */
  static <T> Iterator<T> of(List<? extends Iterator<T>> sources, Comparator<? super T> order) {
    return sources.size() == 1 ? sources.get(0) : new SortedMerge<>(sources, order);
  }

  private void advance(int source) {
    Iterator<T> it = sources.get(source);
    if (it.hasNext()) {
      heads.add(new Head<>(it.next(), source));
    }
  }

  @Override
  public boolean hasNext() {
    if (taken >= 0) {
      int source = taken;
      taken = -1;
      advance(source);
    }
    return !heads.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Head<T> head = heads.poll();
    taken = head.source();
    return head.element();
  }
}
