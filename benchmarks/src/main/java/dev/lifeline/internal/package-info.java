/** The benchmarks' hook into core's package-private engines; not API, and not part of core's jar. */
package dev.lifeline.internal;
