package dev.leash.audit;

import java.util.Map;

/**
 * A call of a method that may be a project factory of threads or executors ({@code ThreadUtils.newPool(...)}),
 * judged as a spawn site in case the link phase finds that the method returns a new one.
 *
 * @param name the called method's name
 * @param arity number of arguments
 * @param receiverType the receiver's type (or static type) as written; null for an unqualified call
 * @param ctx how names resolve at the call
 * @param inMethod {@code fqn#name/arity} of the method the call is in
 * @param byKind the site as analysed for each kind the method may return
 */
record CallSite(String name, int arity, String receiverType, NameContext ctx, String inMethod,
    Map<SpawnKind, PendingSite> byKind) {}
