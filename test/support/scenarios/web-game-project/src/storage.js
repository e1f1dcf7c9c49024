/** Where the score board is kept in localStorage; versioned so a later shape can be told apart. */
export const SCORES_KEY = 'tic-tac-toe.scores.v1';

/** The score board of a first visit. */
export const EMPTY_SCORES = Object.freeze({ X: 0, O: 0, draws: 0 });

const isCount = (value) => Number.isSafeInteger(value) && value >= 0;

/** The score board from stored text; missing, malformed or negative counts give an empty one. */
export function parseScores(text) {
  if (typeof text !== 'string') return { ...EMPTY_SCORES };
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { ...EMPTY_SCORES };
  }
  if (value === null || typeof value !== 'object') return { ...EMPTY_SCORES };
  const { X, O, draws } = value;
  return [X, O, draws].every(isCount) ? { X, O, draws } : { ...EMPTY_SCORES };
}

/**
 * The browser's localStorage, or null where there is none or touching it throws (storage
 * disabled by the user, a sandboxed frame): the game then keeps scores for this visit only.
 */
export function browserStorage(scope = globalThis) {
  try {
    const storage = scope.localStorage;
    return storage !== null && typeof storage === 'object' && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

/**
 * Loads and saves the score board in a Storage-like object (getItem, setItem). Without one, or
 * once it refuses a read or a write (quota, private mode), the scores live in memory and
 * `persistent` turns false, so the page can say they will not be kept.
 */
export function createScoreStore(storage) {
  let memory = { ...EMPTY_SCORES };
  let persistent = storage !== null && storage !== undefined;

  function load() {
    if (persistent) {
      try {
        memory = parseScores(storage.getItem(SCORES_KEY));
      } catch {
        persistent = false;
      }
    }
    return { ...memory };
  }

  function save(scores) {
    memory = { X: scores.X, O: scores.O, draws: scores.draws };
    if (!persistent) return;
    try {
      storage.setItem(SCORES_KEY, JSON.stringify(memory));
    } catch {
      persistent = false;
    }
  }

  return {
    load,
    save,
    reset: () => save(EMPTY_SCORES),
    get persistent() {
      return persistent;
    },
  };
}
