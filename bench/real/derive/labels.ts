// The labels file of one source: which lines are attack events, of which type and instance.
// Every line not listed is benign.

export interface AttackLabel {
  /** One labelled attack execution, e.g. "smbexec WORKSTATION5 -> WORKSTATION6". */
  instance: string;
  /** The threat type a correct verdict names (trainer/verdict/types.ts THREAT_TYPES). */
  type: string;
  technique: string;
  /** 0-based line numbers in the source's NDJSON. */
  lines: number[];
  /**
   * The lines among `lines` that carry the technique itself (process creations, registry writes,
   * service installs, remote logons, share accesses): what issue #15's recall goal is about.
   * Absent when every line does (the sshd failures).
   */
  techniqueLines?: number[];
}

export interface SourceLabels {
  source: string;
  /** How the lines were chosen, in words (README.md repeats it). */
  rule: string;
  attacks: AttackLabel[];
}
