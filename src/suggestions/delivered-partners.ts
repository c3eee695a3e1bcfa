/**
 * Port: which partners a subject has already been sent (by a digest), so a read shows them as
 * 'seen'. Declared here, where it is needed; the digests module provides it (it knows what went
 * out), so suggestions/ never imports digests/.
 */
export abstract class DeliveredPartners {
  abstract sentPartners(subjectKey: string): Promise<Set<string>>;
}
