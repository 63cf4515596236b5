package dev.polystore.user;

/** An author and the number of their posts matching a filter. */
public record AuthorCount(UserId author, String username, long posts) {
}
