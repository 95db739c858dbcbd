/** The audit function: every decision kept, in the store, findable by its request id. */
package dev.kinetic.audit;
