package dev.lifeline.event;

import dev.lifeline.Job;
import dev.lifeline.Transition;

/**
 * A committed transition.
 *
 * @param job the row as written
 * @param transition the history row written with it
 */
public record TransitionEvent(Job job, Transition transition) {}
