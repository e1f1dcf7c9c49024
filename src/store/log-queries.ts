import { sql, type Insertable, type Selectable } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import { toJsonText } from './json-column.js';
import { nextOrdinalInRun, type QueryContext } from './query-context.js';
import { cachedResponseFromRow, eventFromRow, modelCallFromRow } from './row-mappers.js';
import type { EventsTable, ModelCallsTable, ResponseCacheTable } from './schema.js';
import type { Store } from './store.js';

type LogQueries = Pick<
  Store,
  'appendEvent' | 'listEvents' | 'recordModelCall' | 'forgetModelCall' | 'listModelCalls' | 'getCachedResponse' | 'putCachedResponse'
>;

type EventValues = Omit<Insertable<EventsTable>, 'seq'>;
type ModelCallValues = Omit<Insertable<ModelCallsTable>, 'ordinal'>;
type CacheValues = Insertable<ResponseCacheTable>;

const EVENT_KEYS = ['run_id', 'type', 'stage_id', 'task_id', 'payload_json', 'at'] as const satisfies readonly (keyof EventValues)[];
const MODEL_CALL_KEYS = [
  'id', 'run_id', 'stage_id', 'task_id', 'role', 'provider', 'model', 'request_hash', 'input_tokens', 'output_tokens',
  'cached_input_tokens', 'latency_ms', 'source', 'cost_usd', 'at',
] as const satisfies readonly (keyof ModelCallValues)[];
const CACHE_KEYS = ['request_hash', 'response_json', 'created_at'] as const satisfies readonly (keyof CacheValues)[];

/** The append-only records: the event log, the model call ledger and the response cache. */
export function logQueries({ db, guard, now }: QueryContext): LogQueries {
  // The queries every model call and every event runs, compiled once (see `compiledOnce`).
  const insertEvent = compiledOnce<EventValues, Selectable<EventsTable>>(EVENT_KEYS, (values) => db.insertInto('events').values(values).returningAll());
  const upsertModelCall = compiledOnce<ModelCallValues, never>(MODEL_CALL_KEYS, (values) =>
    db
      .insertInto('model_calls')
      .values({ ...values, ordinal: nextOrdinalInRun('model_calls', values.run_id) })
      // Settling a reserved row: same id, same place in the ledger, the real figures.
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          provider: eb.ref('excluded.provider'),
          model: eb.ref('excluded.model'),
          input_tokens: eb.ref('excluded.input_tokens'),
          output_tokens: eb.ref('excluded.output_tokens'),
          cached_input_tokens: eb.ref('excluded.cached_input_tokens'),
          latency_ms: eb.ref('excluded.latency_ms'),
          source: eb.ref('excluded.source'),
          cost_usd: eb.ref('excluded.cost_usd'),
          at: eb.ref('excluded.at'),
        })),
      ),
  );
  const selectCached = compiledOnce<{ request_hash: string }, Selectable<ResponseCacheTable>>(['request_hash'], (values) =>
    db.selectFrom('response_cache').selectAll().where('request_hash', '=', values.request_hash),
  );
  const upsertCached = compiledOnce<CacheValues, never>(CACHE_KEYS, (values) =>
    db
      .insertInto('response_cache')
      .values(values)
      .onConflict((oc) =>
        oc.column('request_hash').doUpdateSet((eb) => ({
          response_json: eb.ref('excluded.response_json'),
          created_at: eb.ref('excluded.created_at'),
        })),
      ),
  );

  return {
    appendEvent: (event) =>
      guard(`append a ${event.type} event to run ${event.runId}`, async () => {
        const { rows } = await db.executeQuery(
          insertEvent({
            run_id: event.runId,
            type: event.type,
            stage_id: event.stageId ?? null,
            task_id: event.taskId ?? null,
            payload_json: toJsonText(event.payload, `the payload of a ${event.type} event`),
            at: now(),
          }),
        );
        const row = rows[0];
        if (!row) throw new Error('the event insert returned no row');
        return eventFromRow(row);
      }),

    listEvents: (runId, afterSeq, types) =>
      guard(`list the events of run ${runId}`, async () => {
        if (types !== undefined && types.length === 0) return [];
        let query = db.selectFrom('events').selectAll().where('run_id', '=', runId);
        if (afterSeq !== undefined) query = query.where('seq', '>', afterSeq);
        if (types !== undefined) query = query.where('type', 'in', [...types]);
        // With types, `+seq` keeps SQLite from walking the run's whole (run_id, seq) index for the
        // order; it reads the few matching rows by (run_id, type) and sorts them.
        const rows = await query.orderBy(types === undefined ? sql`seq` : sql`+seq`).execute();
        return rows.map(eventFromRow);
      }),

    recordModelCall: (call) =>
      guard(`record model call ${call.id} of run ${call.runId}`, async () => {
        await db.executeQuery(
          upsertModelCall({
            id: call.id,
            run_id: call.runId,
            stage_id: call.stageId,
            task_id: call.taskId,
            role: call.role,
            provider: call.provider,
            model: call.model,
            request_hash: call.requestHash,
            input_tokens: call.inputTokens,
            output_tokens: call.outputTokens,
            cached_input_tokens: call.cachedInputTokens,
            latency_ms: call.latencyMs,
            source: call.source,
            cost_usd: call.costUsd,
            at: call.at,
          }),
        );
      }),

    forgetModelCall: (id) =>
      guard(`forget model call ${id}`, async () => {
        await db.deleteFrom('model_calls').where('id', '=', id).where('source', '=', 'reserved').execute();
      }),

    listModelCalls: (runId) =>
      guard(`list the model calls of run ${runId}`, async () => {
        const rows = await db
          .selectFrom('model_calls')
          .selectAll()
          .where('run_id', '=', runId)
          .orderBy('ordinal')
          .execute();
        return rows.map(modelCallFromRow);
      }),

    getCachedResponse: (requestHash) =>
      guard(`read cached response ${requestHash}`, async () => {
        const row = (await db.executeQuery(selectCached({ request_hash: requestHash }))).rows[0];
        return row && cachedResponseFromRow(row);
      }),

    putCachedResponse: (requestHash, response) =>
      guard(`cache response ${requestHash}`, async () => {
        await db.executeQuery(upsertCached({ request_hash: requestHash, response_json: toJsonText(response, `cached response ${requestHash}`), created_at: now() }));
      }),
  };
}
