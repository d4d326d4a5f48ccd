package dev.leash.audit;

import java.util.List;

/**
 * A spawn site as one file leaves it for the link phase.
 *
 * @param local the answers the file alone gives (advice not yet written)
 * @param targets where the handle went beyond the file
 * @param threadType see {@link Site#threadType()}
 * @param ctx how names resolve at the site
 * @param ifNoStop the findings to report when the link phase concludes that nothing stops it
 * @param taskType see {@link Site#taskType()}
 */
record PendingSite(SpawnSite local, List<Target> targets, String threadType, NameContext ctx,
    List<Finding> ifNoStop, String taskType) {}
