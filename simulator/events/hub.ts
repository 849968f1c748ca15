import type { StoredEvent } from '../store/types.ts';
import { sseFrame } from './sseFrame.ts';

/** One open event stream. */
export interface Subscriber {
  subject: string;
  /** The access token (jti) that opened it, so revoking the token closes the stream. */
  jti: string;
  write(frame: string): void;
  close(): void;
}

/** Fans each subject's events out to every open stream of that subject. */
export class EventHub {
  private bySubject = new Map<string, Set<Subscriber>>();

  subscribe(subscriber: Subscriber): () => void {
    const set = this.bySubject.get(subscriber.subject) ?? new Set();
    set.add(subscriber);
    this.bySubject.set(subscriber.subject, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.bySubject.delete(subscriber.subject);
    };
  }

  publish(event: StoredEvent): void {
    const set = this.bySubject.get(event.subject);
    if (!set) return;
    const frame = sseFrame(event);
    for (const s of set) s.write(frame);
  }

  /** How many streams are open with one access token (`jti`) of a subject. */
  streamsOfToken(subject: string, jti: string): number {
    let n = 0;
    for (const s of this.bySubject.get(subject) ?? []) if (s.jti === jti) n += 1;
    return n;
  }

  /** Close every stream opened with the given token (revocation). */
  closeToken(jti: string): void {
    for (const set of this.bySubject.values()) for (const s of [...set]) if (s.jti === jti) s.close();
  }

  /** Close every stream of one subject (token faults); returns how many were open. */
  closeSubject(subject: string): number {
    const set = [...(this.bySubject.get(subject) ?? [])];
    for (const s of set) s.close();
    return set.length;
  }

  closeAll(): void {
    for (const set of [...this.bySubject.values()]) for (const s of [...set]) s.close();
  }

  get streamCount(): number {
    let n = 0;
    for (const set of this.bySubject.values()) n += set.size;
    return n;
  }
}
