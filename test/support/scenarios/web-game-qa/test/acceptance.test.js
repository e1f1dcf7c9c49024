import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isOver, moveFocus, newGame, nextRound, play, recordResult, squareLabel, statusText } from '../src/game.js';
import { browserStorage, createScoreStore, EMPTY_SCORES, SCORES_KEY } from '../src/storage.js';
import { ELEMENT_IDS } from '../src/ui.js';

/** The game after playing `squares` in order from `game`. */
const playAll = (squares, game = newGame()) => squares.reduce(play, game);

/** A Storage stand-in; `broken` makes every call throw, as a browser that blocks storage does. */
function memoryStorage(broken = false) {
  const items = new Map();
  const refuse = () => {
    throw new Error('SecurityError: storage is disabled');
  };
  if (broken) return { items, getItem: refuse, setItem: refuse };
  return { items, getItem: (key) => (items.has(key) ? items.get(key) : null), setItem: (key, value) => items.set(key, String(value)) };
}

/** One visit to the page: the score board loaded, rounds played and recorded as the page does. */
function visit(storage, rounds) {
  const store = createScoreStore(storage);
  let scores = store.load();
  for (const moves of rounds) {
    const game = playAll(moves);
    assert.equal(isOver(game), true);
    scores = recordResult(scores, game);
    store.save(scores);
  }
  return { store, scores };
}

test('story: players take turns and the status always says whose turn it is', () => {
  let game = newGame();
  const said = [statusText(game)];
  for (const square of [4, 0, 8]) {
    game = play(game, square);
    said.push(statusText(game));
  }
  assert.deepEqual(said, ['X to move', 'O to move', 'X to move', 'O to move']);
  assert.deepEqual(game.squares, ['O', null, null, null, 'X', null, null, null, 'X']);
  assert.throws(() => play(game, 4), { code: 'SQUARE_TAKEN', message: 'That square is taken: choose an empty one.' });
  assert.equal(nextRound(game).next, 'O');
});

test('story: the winner is announced with the winning line highlighted, and a full board is a draw', () => {
  const won = playAll([2, 0, 4, 1, 6]);
  assert.equal(statusText(won), 'X wins on the diagonal from the top right!');
  assert.deepEqual(won.line, [2, 4, 6]);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].filter((square) => squareLabel(won, square).endsWith(', winning line')), [2, 4, 6]);
  assert.throws(() => play(won, 8), { code: 'GAME_OVER' });
  const byO = playAll([0, 2, 1, 4, 8, 6]);
  assert.equal(statusText(byO), 'O wins on the diagonal from the top right!');
  const drawn = playAll([0, 1, 2, 4, 3, 5, 7, 6, 8]);
  assert.equal(statusText(drawn), 'Draw: the board is full.');
  assert.equal(drawn.line, null);
});

test('story: the score board is kept between visits and can be reset', () => {
  const storage = memoryStorage();
  const first = visit(storage, [[0, 3, 1, 4, 2], [0, 1, 2, 4, 3, 5, 7, 6, 8]]);
  assert.deepEqual(first.scores, { X: 1, O: 0, draws: 1 });
  const second = visit(storage, [[3, 0, 4, 1, 8, 2]]);
  assert.deepEqual(second.scores, { X: 1, O: 1, draws: 1 });
  assert.deepEqual(JSON.parse(storage.items.get(SCORES_KEY)), { X: 1, O: 1, draws: 1 });
  second.store.reset();
  assert.deepEqual(createScoreStore(storage).load(), EMPTY_SCORES);
});

test('story: the game is playable by keyboard and described to screen readers', () => {
  const path = [0];
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowLeft', 'ArrowUp']) path.push(moveFocus(path.at(-1), key));
  assert.deepEqual(path, [0, 1, 2, 0, 3, 6, 0, 2, 8]);
  assert.equal(squareLabel(play(newGame(), 5), 5), 'Row 2, column 3: X');
  assert.equal(squareLabel(newGame(), 6), 'Row 3, column 1: empty');
  const page = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
  assert.match(page, /<script type="module" src="\.\/src\/main\.js"><\/script>/);
  assert.match(page, /<p id="status"[^>]* aria-live="polite"/);
  for (const id of Object.values(ELEMENT_IDS)) assert.match(page, new RegExp(`id="${id}"`), `index.html has no element with id "${id}"`);
  assert.doesNotMatch(page, /\bon[a-z]+="/, 'no inline event handlers');
  assert.doesNotMatch(page, /(?:src|href)="(?:https?:)?\/\//, 'every asset is local');
});

test('story: a browser without working storage still plays, with a fresh score board for the visit', () => {
  assert.equal(browserStorage({}), null);
  for (const storage of [null, memoryStorage(true)]) {
    const { store, scores } = visit(storage, [[0, 3, 1, 4, 2]]);
    assert.deepEqual(scores, { X: 1, O: 0, draws: 0 });
    assert.deepEqual(store.load(), { X: 1, O: 0, draws: 0 });
    assert.equal(store.persistent, false);
  }
  const corrupt = memoryStorage();
  corrupt.setItem(SCORES_KEY, 'not a score board');
  assert.deepEqual(createScoreStore(corrupt).load(), EMPTY_SCORES);
});
