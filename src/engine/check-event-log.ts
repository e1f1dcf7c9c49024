import { AtelierError } from '../errors/atelier-error.js';
import { EVENT_PAYLOADS, readEvent } from '../store/event-schemas.js';
import type { EventRecord, Store } from '../store/store.js';
import { errorMessage } from './errors.js';

/** Resume continues from the event log; a log it cannot read whole would make it redo (and pay for) work blindly. */
export class EventLogUnreadableError extends AtelierError {
  override readonly name = 'EventLogUnreadableError';
  constructor(runId: string, which: string) {
    super(
      `run ${runId} cannot be resumed: ${which}. Nothing was run or paid for. The project's files and documents are intact; restore .atelier/atelier.db from a backup, or start a new run with \`atelier run\`.`,
    );
  }
}

/**
 * Every event of the run, each checked against its schema, before a resume spends anything: an
 * event that cannot be read is named (its number and type) instead of being skipped. Types this
 * version does not know (written by a newer one) are passed over.
 */
export async function readWholeEventLog(store: Store, runId: string): Promise<EventRecord[]> {
  let events: EventRecord[];
  try {
    events = await store.listEvents(runId);
  } catch (error) {
    throw new EventLogUnreadableError(runId, `its event log cannot be read (${errorMessage(error)})`);
  }
  for (const event of events) {
    if (Object.hasOwn(EVENT_PAYLOADS, event.type) && readEvent(event) === undefined) {
      throw new EventLogUnreadableError(runId, `event ${event.seq} (${event.type}) does not hold what such an event must`);
    }
  }
  return events;
}
