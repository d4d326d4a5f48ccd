package dev.leash.audit;

import com.github.javaparser.ast.Node;
import java.util.List;

/** A spawn site while a file is analysed: the public answer plus the task bodies it runs. */
record Site(SpawnSite site, List<Node> tasks, boolean idleWorkers, Node node) {}
