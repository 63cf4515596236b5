/** Internal: helpers shared by the API types and the adapters. Not API; may change without notice. */
package dev.polystore.internal;
