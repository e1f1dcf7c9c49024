import type { EventPayload } from '../store/event-schemas.js';
import type { EventType } from '../store/event-types.js';

/** Where a role behaviour reports what it did; the engine's RunEvents appends it to the run's log. */
export interface EventSink {
  emit<T extends EventType>(type: T, payload: EventPayload<T>, where?: { stageId?: string | null; taskId?: string | null }): Promise<unknown>;
}
