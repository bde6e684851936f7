/**
 * Executable forms of ARCHITECTURE.md's dependency rules ("what may depend on what"), checked with ArchUnit over the
 * main classes of every module, so a forbidden import fails the build instead of waiting for a review.
 */
package dev.lifeline.architecture;
