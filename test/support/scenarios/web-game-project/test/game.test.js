import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLine, findWin, GameError, isOver, moveFocus, newGame, nextRound, play, recordResult, squareLabel, statusText, WINNING_LINES } from '../src/game.js';

/** The game after playing `squares` in order, X first. */
const playAll = (squares, game = newGame()) => squares.reduce(play, game);

test('a new game is nine empty squares with X to move', () => {
  const game = newGame();
  assert.deepEqual(game.squares, Array(9).fill(null));
  assert.equal(game.next, 'X');
  assert.equal(statusText(game), 'X to move');
  assert.equal(isOver(game), false);
});

test('players alternate and a move leaves the earlier game unchanged', () => {
  const first = newGame();
  const second = play(first, 4);
  assert.equal(second.squares[4], 'X');
  assert.equal(second.next, 'O');
  assert.equal(statusText(second), 'O to move');
  assert.equal(first.squares[4], null);
  assert.equal(play(second, 0).squares[0], 'O');
});

test('there are eight winning lines: three rows, three columns, two diagonals', () => {
  assert.equal(WINNING_LINES.length, 8);
  assert.equal(new Set(WINNING_LINES.map(describeLine)).size, 8);
});

for (const line of [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]]) {
  test(`three Xs on ${describeLine(line)} win`, () => {
    const squares = Array(9).fill(null);
    for (const square of line) squares[square] = 'X';
    assert.deepEqual(findWin(squares), { player: 'X', line });
  });
}

test('a win ends the round, names the line and keeps the winner', () => {
  const game = playAll([2, 0, 4, 1, 6]);
  assert.equal(game.winner, 'X');
  assert.deepEqual(game.line, [2, 4, 6]);
  assert.equal(statusText(game), 'X wins on the diagonal from the top right!');
  assert.equal(squareLabel(game, 4), 'Row 2, column 2: X, winning line');
  assert.equal(squareLabel(game, 0), 'Row 1, column 1: O');
});

test('a full board without a line is a draw', () => {
  const game = playAll([0, 1, 2, 4, 3, 5, 7, 6, 8]);
  assert.equal(game.winner, null);
  assert.equal(game.draw, true);
  assert.equal(statusText(game), 'Draw: the board is full.');
});

test('refused moves throw a GameError with a code and leave the game as it was', () => {
  const game = play(newGame(), 0);
  assert.throws(() => play(game, 0), { name: 'GameError', code: 'SQUARE_TAKEN', message: 'That square is taken: choose an empty one.' });
  assert.throws(() => play(game, 9), { code: 'NO_SUCH_SQUARE' });
  assert.throws(() => play(game, 1.5), { code: 'NO_SUCH_SQUARE' });
  assert.throws(() => play(playAll([0, 3, 1, 4, 2]), 8), { code: 'GAME_OVER' });
  assert.throws(() => newGame('Z'), GameError);
  assert.equal(game.squares[0], 'X');
});

test('the next round is started by the other player', () => {
  const round2 = nextRound(playAll([0, 3, 1, 4, 2]));
  assert.equal(round2.next, 'O');
  assert.deepEqual(round2.squares, Array(9).fill(null));
  assert.equal(nextRound(round2).next, 'X');
});

test('arrow keys move round the board and wrap at the edges', () => {
  assert.equal(moveFocus(4, 'ArrowUp'), 1);
  assert.equal(moveFocus(4, 'ArrowRight'), 5);
  assert.equal(moveFocus(2, 'ArrowRight'), 0);
  assert.equal(moveFocus(0, 'ArrowUp'), 6);
  assert.equal(moveFocus(6, 'ArrowDown'), 0);
  assert.equal(moveFocus(3, 'ArrowLeft'), 5);
  assert.equal(moveFocus(3, 'Enter'), 3);
});

test('recordResult counts wins and draws, and nothing for an unfinished round', () => {
  const scores = { X: 1, O: 0, draws: 2 };
  assert.deepEqual(recordResult(scores, playAll([0, 3, 1, 4, 2])), { X: 2, O: 0, draws: 2 });
  assert.deepEqual(recordResult(scores, playAll([0, 1, 2, 4, 3, 5, 7, 6, 8])), { X: 1, O: 0, draws: 3 });
  assert.equal(recordResult(scores, play(newGame(), 0)), scores);
});
