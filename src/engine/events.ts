import type { EventRecord, NewEvent, Store } from '../store/store.js';
import { redactSecrets } from '../observe/redact.js';

export { EVENT_TYPES, type EventType } from '../store/event-types.js';
import type { EventType } from '../store/event-types.js';
import type { EventPayload } from '../store/event-schemas.js';

export type EventListener = (event: EventRecord) => void;

/** Appends events to the store, in order, and tells in-process listeners (the CLI view). */
export class RunEvents {
  private readonly listeners = new Set<EventListener>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    readonly runId: string,
  ) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events are serialised so their order in the log is the order they were emitted. */
  emit<T extends EventType>(type: T, payload: EventPayload<T>, where: Pick<NewEvent, 'stageId' | 'taskId'> = {}): Promise<EventRecord> {
    // Redacted by value, so a key in any field (an error text, a command line) never reaches the log.
    const safePayload = JSON.parse(redactSecrets(JSON.stringify(payload))) as Record<string, unknown>;
    const appended = this.tail.then(() =>
      this.store.appendEvent({ runId: this.runId, type, stageId: where.stageId ?? null, taskId: where.taskId ?? null, payload: safePayload }),
    );
    this.tail = appended.catch(() => undefined);
    return appended.then((record) => {
      for (const listener of this.listeners) listener(record);
      return record;
    });
  }

  /** Resolves once every event emitted so far is in the store. */
  async flush(): Promise<void> {
    await this.tail;
  }
}
