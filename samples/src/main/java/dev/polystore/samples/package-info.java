/** The samples: runnable example programs and the backend comparison app. Not an API. */
package dev.polystore.samples;
