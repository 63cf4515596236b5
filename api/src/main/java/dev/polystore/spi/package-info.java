/**
 * SPI: what an adapter implements ({@link dev.polystore.spi.StoreProvider}) and helpers adapters share
 * ({@link dev.polystore.spi.CursorCodec}, and the rules in {@link dev.polystore.spi.support}). Applications do not
 * need this package.
 */
package dev.polystore.spi;
