/** Implementation: the engines, effects, diagrams and supervisor internals. Not API; may change without notice. */
package dev.lifeline.internal;
