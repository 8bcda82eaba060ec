/**
 * Who a phone belongs to: one portal (`member_id`) and one user (`USER_ID`). Frames of two
 * portals under the same zone, or of two users signing in one after another, can share a
 * storage partition (host-behaviour §10), so every channel, lock and storage key of the
 * phone carries both (statechart SC-F1).
 */
export interface PhoneIdentity {
  /** The portal's `member_id` (from `BX24.getAuth()`, or the application's own record of it). */
  readonly memberId: string;
  /** The operator's `USER_ID` on that portal. */
  readonly userId: number;
}

/** The names a phone's frames meet under. */
export interface PhoneScope {
  readonly identity: PhoneIdentity;
  /** The `BroadcastChannel` every frame of this portal and user listens on. */
  readonly channel: string;
  /** The exclusive Web Lock (or storage lease) whose holder owns the softphone. */
  readonly ownerLock: string;
  /** A storage key of this portal and user: `key('journal')`. */
  key(name: string): string;
}

/** `member_id` as Bitrix24 issues it: a hex string; kept loose, but bounded and free of separators. */
const MEMBER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** Why an identity cannot scope a phone, or null when it can. */
export function identityProblem(identity: unknown): string | null {
  if (typeof identity !== 'object' || identity === null) return 'identity must be an object { memberId, userId }';
  const { memberId, userId } = identity as Record<string, unknown>;
  if (typeof memberId !== 'string' || !MEMBER_ID.test(memberId)) {
    return `identity.memberId must be the portal's member_id (1–64 letters, digits, '_', '.', '-'), got ${JSON.stringify(memberId)}`;
  }
  if (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0) {
    return `identity.userId must be the operator's USER_ID (a positive integer), got ${JSON.stringify(userId)}`;
  }
  return null;
}

/** The scope of one portal's user. A setup mistake (no portal, no user) throws a `TypeError` naming it. */
export function phoneScope(identity: PhoneIdentity): PhoneScope {
  const problem = identityProblem(identity);
  if (problem !== null) throw new TypeError(`b24-call-card phone: ${problem}`);
  const prefix = `b24-call-card:${identity.memberId}:${identity.userId}:`;
  return {
    identity: { memberId: identity.memberId, userId: identity.userId },
    channel: `${prefix}phone`,
    ownerLock: `${prefix}owner`,
    key: (name) => `${prefix}${name}`,
  };
}
