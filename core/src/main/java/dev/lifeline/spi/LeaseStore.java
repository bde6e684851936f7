package dev.lifeline.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The store's single supervisor lease row. All operations are atomic with respect to other processes using the
 * same store. Implementations are thread-safe.
 */
public interface LeaseStore {

  /** The current lease, if any holder has one. Never writes. */
  Optional<Lease> current();

  /**
   * Takes the lease for {@code candidate} when there is none, when the candidate already holds it, when the
   * holder's heartbeat is older than {@code staleAfter}, or when {@code holderIsGone} says the holder is dead.
   *
   * @return the lease now held by the candidate, or empty with nothing written when another live holder keeps it
   */
  Optional<Lease> tryAcquire(Lease candidate, Instant now, Duration staleAfter, Predicate<Lease> holderIsGone);

  /** Renews the heartbeat; {@code false} when {@code holder} no longer holds the lease (it was taken over). */
  boolean heartbeat(String holder, Instant now);

  /**
   * Records how {@code holder}'s latest pass ended: {@code problem} is {@code null} when it completed (the failure
   * count goes back to 0), otherwise one sentence (the count of consecutive failures goes up by one). Does nothing
   * when {@code holder} does not hold the lease.
   */
  void recordPass(String holder, Instant at, String problem);

  /** How the current holder's latest pass ended, if it recorded one. Never writes. */
  Optional<PassRecord> lastPass();

  /** Gives the lease up if {@code holder} holds it; otherwise does nothing. */
  void release(String holder);
}
