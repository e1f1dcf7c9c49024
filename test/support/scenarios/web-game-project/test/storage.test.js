import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserStorage, createScoreStore, EMPTY_SCORES, parseScores, SCORES_KEY } from '../src/storage.js';

/** A Storage stand-in keeping items in a Map; `fail` makes reads or writes throw as a full or blocked storage does. */
function fakeStorage(items = {}, fail = {}) {
  const map = new Map(Object.entries(items));
  return {
    map,
    getItem: (key) => {
      if (fail.read) throw new Error('SecurityError');
      return map.has(key) ? map.get(key) : null;
    },
    setItem: (key, value) => {
      if (fail.write) throw new Error('QuotaExceededError');
      map.set(key, String(value));
    },
  };
}

test('parseScores reads a saved board and rejects anything else', () => {
  assert.deepEqual(parseScores('{"X":3,"O":1,"draws":2}'), { X: 3, O: 1, draws: 2 });
  for (const text of [null, '', 'not json', '[]', 'null', '{"X":1,"O":1}', '{"X":-1,"O":0,"draws":0}', '{"X":1.5,"O":0,"draws":0}', '{"X":"2","O":0,"draws":0}']) {
    assert.deepEqual(parseScores(text), EMPTY_SCORES, String(text));
  }
});

test('a store saves the board under its key and a later store loads it', () => {
  const storage = fakeStorage();
  createScoreStore(storage).save({ X: 2, O: 1, draws: 0 });
  assert.equal(storage.map.get(SCORES_KEY), '{"X":2,"O":1,"draws":0}');
  const later = createScoreStore(storage);
  assert.deepEqual(later.load(), { X: 2, O: 1, draws: 0 });
  assert.equal(later.persistent, true);
});

test('reset empties the saved board', () => {
  const storage = fakeStorage({ [SCORES_KEY]: '{"X":5,"O":4,"draws":3}' });
  const store = createScoreStore(storage);
  store.reset();
  assert.deepEqual(createScoreStore(storage).load(), EMPTY_SCORES);
});

test('a corrupt saved board loads as empty and the next save replaces it', () => {
  const storage = fakeStorage({ [SCORES_KEY]: '{"X":' });
  const store = createScoreStore(storage);
  assert.deepEqual(store.load(), EMPTY_SCORES);
  store.save({ X: 1, O: 0, draws: 0 });
  assert.deepEqual(parseScores(storage.map.get(SCORES_KEY)), { X: 1, O: 0, draws: 0 });
});

test('without storage, or when it throws, scores are kept in memory and not persistent', () => {
  for (const store of [createScoreStore(null), createScoreStore(fakeStorage({}, { read: true })), createScoreStore(fakeStorage({}, { write: true }))]) {
    assert.deepEqual(store.load(), EMPTY_SCORES);
    store.save({ X: 0, O: 1, draws: 0 });
    assert.deepEqual(store.load(), { X: 0, O: 1, draws: 0 });
    assert.equal(store.persistent, false);
  }
});

test('browserStorage finds localStorage, and gives null when it is missing or throws', () => {
  const storage = fakeStorage();
  assert.equal(browserStorage({ localStorage: storage }), storage);
  assert.equal(browserStorage({}), null);
  const blocked = Object.defineProperty({}, 'localStorage', {
    get() {
      throw new Error('SecurityError: access is denied for this document');
    },
  });
  assert.equal(browserStorage(blocked), null);
});
