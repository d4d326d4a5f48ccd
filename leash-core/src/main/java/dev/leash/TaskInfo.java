package dev.leash;

/**
 * One live task of an {@link OwnerInfo}.
 *
 * @param threadName its thread's name ({@code <owner>/<n>})
 * @param threadId its thread's id
 * @param virtual whether it runs on a virtual thread
 * @param spawnSite the frame that started it ({@code com.acme.Feed.start(Feed.java:41)}), or null unless the JVM runs
 *     with {@code -Dleash.spawnSites=true}
 */
public record TaskInfo(String threadName, long threadId, boolean virtual, String spawnSite) {}
