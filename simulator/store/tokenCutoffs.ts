/** Why an access token issued before a cutoff is no longer accepted. */
export type CutoffKind = 'expired' | 'revoked';

/** One "tokens issued at or before `at` are no longer accepted" record, for every subject or one. */
export interface TokenCutoff {
  kind: CutoffKind;
  /** Absent = every subject. */
  subject?: string;
  /** Epoch ms, simulated time: tokens issued at or before it are refused. */
  at: number;
}

/**
 * Token faults as data: "every access token issued so far (or so far to this subject) is expired /
 * revoked". Tokens minted afterwards are stamped later than every cutoff that concerns them, so they
 * keep working even when the clock has not moved.
 */
export class TokenCutoffs {
  private cutoffs = new Map<string, TokenCutoff>();
  private changes = 0;

  /** Goes up on every change (a persisting simulator writes the cutoffs again when it moved). */
  get version(): number {
    return this.changes;
  }

  /** Record a cutoff, replacing the earlier one of the same kind and scope. */
  add(cutoff: TokenCutoff): void {
    this.cutoffs.set(`${cutoff.kind}\n${cutoff.subject ?? ''}`, { ...cutoff });
    this.changes++;
  }

  /** Why a token of `subject` issued at `issuedAtMs` is refused (revocation first), or `undefined`. */
  check(subject: string, issuedAtMs: number): CutoffKind | undefined {
    if (this.cutoffs.size === 0) return undefined;
    const hits = this.concerning(subject).filter((c) => issuedAtMs <= c.at);
    return hits.find((c) => c.kind === 'revoked')?.kind ?? hits[0]?.kind;
  }

  /** The latest cutoff concerning `subject` (0 when none): a new token must be stamped after it. */
  latest(subject: string): number {
    if (this.cutoffs.size === 0) return 0;
    return Math.max(0, ...this.concerning(subject).map((c) => c.at));
  }

  clear(): void {
    this.cutoffs.clear();
    this.changes++;
  }

  snapshot(): TokenCutoff[] {
    return [...this.cutoffs.values()].map((c) => ({ ...c }));
  }

  restore(cutoffs: TokenCutoff[]): void {
    this.clear();
    for (const c of cutoffs) this.add(c);
  }

  private concerning(subject: string): TokenCutoff[] {
    return [...this.cutoffs.values()].filter((c) => c.subject === undefined || c.subject === subject);
  }
}
