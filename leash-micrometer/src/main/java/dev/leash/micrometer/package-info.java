/**
 * Micrometer metrics for Leash: {@link dev.leash.micrometer.LeashMetrics}, a {@code MeterBinder} exposing live tasks
 * by group, worker pool counters, supervisor restarts and thread counts. See {@code docs/metrics.md}.
 */
package dev.leash.micrometer;
