package dev.leash.audit;

/**
 * One rule (or a family that shares its look-alikes) checked over one file, Error Prone style: a fresh instance per
 * file, reading the shared {@link FileContext} and reporting through it. Each check favours silence over a doubtful
 * finding.
 */
interface RuleCheck {
  void check(FileContext ctx);
}
