package dev.leash.audit;

import com.github.javaparser.ast.Node;
import java.util.List;

/**
 * A spawn site while a file is analysed: the answers the file alone gives, the task bodies it runs, and where the
 * handle went beyond the file ({@code targets}, followed by the link phase).
 *
 * @param threadType for {@code new X()} of a class that may extend Thread: X as written (the link phase keeps the
 *     site only if X resolves to a Thread subclass); null otherwise
 * @param taskType the class whose {@code run()} the thread runs when it is not written inline (X for
 *     {@code new Thread(new X())} or a Thread subclass X, the enclosing class for {@code new Thread(this)}), as
 *     written; null when unknown or inline
 */
record Site(SpawnSite site, List<Node> tasks, boolean idleWorkers, Node node, List<Target> targets,
    String threadType, NameContext ctx, String taskType) {}
