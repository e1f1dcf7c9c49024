import type { Store } from '../store/store.js';

/** The part of the store a model client uses: the response cache and the ledger of model calls. */
export type LlmStore = Pick<Store, 'getCachedResponse' | 'putCachedResponse' | 'recordModelCall'> & Partial<Pick<Store, 'listModelCalls' | 'forgetModelCall'>>;
