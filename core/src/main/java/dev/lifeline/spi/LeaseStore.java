package dev.lifeline.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The store's single supervisor lease row: at most one supervisor holds it, and a holder proves it is alive by
 * renewing its heartbeat. All operations are atomic with respect to other threads and processes using the same store.
 *
 * <p>Contract (checked by {@code JobStoreContract}, with the rules of {@link JobStore}):
 *
 * <ul>
 *   <li>A new store has no lease ({@link #current()} is empty).
 *   <li>{@link #tryAcquire} of a free lease stores and returns the candidate's holder, host and pid with
 *       {@code acquiredAt} and {@code heartbeat} both {@code now}.
 *   <li>The holder re-acquiring keeps its {@code acquiredAt} and has its {@code heartbeat} renewed to {@code now}.
 *   <li>Another candidate is refused (empty, nothing written) while the holder's heartbeat is at most
 *       {@code staleAfter} old, unless {@code holderIsGone}, asked with the current lease, says the holder is dead.
 *       Then, or once the heartbeat is older than {@code staleAfter}, the candidate takes the lease over, with
 *       {@code acquiredAt} and {@code heartbeat} both {@code now}.
 *   <li>{@link #heartbeat} by the holder renews the heartbeat to {@code now} (leaving {@code acquiredAt}) and
 *       returns {@code true}; by anyone else (a holder that was taken over, or when there is no lease) it returns
 *       {@code false} and changes nothing.
 *   <li>{@link #release} by the holder frees the lease, so the next candidate acquires it at once; by anyone else it
 *       does nothing.
 *   <li>There is no pass record until the holder records one (acquiring the lease records none).
 *       {@link #recordPass} by the holder stores the time and the problem ({@code null} for a completed pass),
 *       losslessly; consecutive failures count up by one per failing pass, and a completed pass resets the count
 *       to 0. By anyone not holding the lease (or when there is none) it is ignored and writes nothing.
 *   <li>The holder re-acquiring keeps its pass record; another holder taking over starts without one; releasing
 *       the lease forgets it.
 *   <li>{@link #current()} and {@link #lastPass()} never write.
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface LeaseStore {

  /**
   * The current lease, as last written. Never writes.
   *
   * @return the lease, or empty when no holder has one
   */
  Optional<Lease> current();

  /**
   * Takes the lease for {@code candidate} when there is none, when the candidate already holds it, when the
   * holder's heartbeat is older than {@code staleAfter}, or when {@code holderIsGone} says the holder is dead.
   *
   * @param candidate who asks, with its holder, host and pid (its instants are replaced as the contract says)
   * @param now the time of the request
   * @param staleAfter a heartbeat older than this no longer keeps the lease
   * @param holderIsGone asked with the current lease when another holder has it; {@code true} (for instance the
   *     holder's process is known to have ended) takes it over at once
   * @return the lease now held by the candidate, or empty with nothing written when another live holder keeps it
   */
  Optional<Lease> tryAcquire(Lease candidate, Instant now, Duration staleAfter, Predicate<Lease> holderIsGone);

  /**
   * Renews the heartbeat.
   *
   * @param holder who renews
   * @param now the new heartbeat
   * @return {@code true} when renewed; {@code false}, changing nothing, when {@code holder} does not hold the lease
   *     (it was taken over, or there is none)
   */
  boolean heartbeat(String holder, Instant now);

  /**
   * Records how {@code holder}'s latest pass ended: {@code problem} is {@code null} when it completed (the failure
   * count goes back to 0), otherwise one sentence (the count of consecutive failures goes up by one). Does nothing
   * when {@code holder} does not hold the lease.
   *
   * @param holder the supervisor whose pass ended
   * @param at when it ended
   * @param problem {@code null} for a completed pass, else why it failed, in one sentence
   */
  void recordPass(String holder, Instant at, String problem);

  /**
   * How the current holder's latest pass ended. Never writes.
   *
   * @return the record, or empty when the holder recorded none (or there is no lease)
   */
  Optional<PassRecord> lastPass();

  /**
   * Gives the lease up if {@code holder} holds it; otherwise does nothing.
   *
   * @param holder who gives it up
   */
  void release(String holder);
}
