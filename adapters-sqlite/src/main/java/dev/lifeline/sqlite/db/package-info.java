/**
 * jOOQ classes generated at build time from the migration scripts. They are public only because jOOQ generates
 * public classes; they are not part of Lifeline's API and may change with any schema version.
 */
package dev.lifeline.sqlite.db;
