/** Listeners and the events they receive: committed transitions and notable observations. Core never logs. */
package dev.lifeline.event;
