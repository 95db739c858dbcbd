/**
 * The decision log inference writes through the audit function: {@code
 * audit/<model>/date=YYYY-MM-DD/<batch-id>.jsonl.gz}. Audit writes it; ingest and drift read it to
 * join feedback with the decisions it labels.
 */
package dev.kinetic.platform.audit;
