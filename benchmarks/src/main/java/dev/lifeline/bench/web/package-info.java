/** The dashboard measured in a real headless Chromium, next to the supervisor's own exit → row latency. */
package dev.lifeline.bench.web;
