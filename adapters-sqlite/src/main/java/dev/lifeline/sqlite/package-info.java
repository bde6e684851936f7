/**
 * A {@link dev.lifeline.spi.JobStore} on a SQLite file: {@link dev.lifeline.sqlite.SqliteJobStore} is the one entry
 * point; everything else in this package is internal. The schema's migration scripts live under
 * {@code dev/lifeline/sqlite/migration/} on the classpath.
 */
package dev.lifeline.sqlite;
