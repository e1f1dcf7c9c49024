/** The two marks; X starts the first round and the starter alternates after that. */
export const PLAYERS = Object.freeze(['X', 'O']);

/** Every line of three that wins; squares are numbered 0 to 8, row by row from the top left. */
export const WINNING_LINES = Object.freeze(
  [
    // Rows, columns, then the two diagonals.
    [0, 1, 2], [3, 4, 5], [6, 7, 8],
    [0, 3, 6], [1, 4, 7], [2, 5, 8],
    [0, 4, 8], [2, 4, 6],
  ].map((line) => Object.freeze(line)),
);

const LINE_NAMES = {
  '0,1,2': 'the top row',
  '3,4,5': 'the middle row',
  '6,7,8': 'the bottom row',
  '0,3,6': 'the left column',
  '1,4,7': 'the middle column',
  '2,5,8': 'the right column',
  '0,4,8': 'the diagonal from the top left',
  '2,4,6': 'the diagonal from the top right',
};

/** A move the rules refuse; `code` says which rule, the message is what the player reads. */
export class GameError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'GameError';
    this.code = code;
  }
}

/** The other player. */
export function otherPlayer(player) {
  return player === 'X' ? 'O' : 'X';
}

/**
 * A new round: nine empty squares (null), `first` to move. A game is never changed in place:
 * play returns the next one, so the page can re-render from it and tests can compare values.
 */
export function newGame(first = 'X') {
  if (!PLAYERS.includes(first)) throw new GameError('UNKNOWN_PLAYER', `The first player must be X or O, not ${String(first)}.`);
  return Object.freeze({ squares: Object.freeze(Array(9).fill(null)), first, next: first, winner: null, line: null, draw: false });
}

/** The winner and the line that wins, or null while no line of three is complete. */
export function findWin(squares) {
  for (const line of WINNING_LINES) {
    const [a, b, c] = line;
    if (squares[a] !== null && squares[a] === squares[b] && squares[a] === squares[c]) return { player: squares[a], line };
  }
  return null;
}

/** Whether the round has a winner or is a draw. */
export function isOver(game) {
  return game.winner !== null || game.draw;
}

/** The game after the player to move marks `square`; throws GameError for a move the rules refuse. */
export function play(game, square) {
  if (!Number.isInteger(square) || square < 0 || square > 8) throw new GameError('NO_SUCH_SQUARE', `There is no square ${String(square)}: squares are 0 to 8.`);
  if (isOver(game)) throw new GameError('GAME_OVER', 'The round is over: press New game to play again.');
  if (game.squares[square] !== null) throw new GameError('SQUARE_TAKEN', 'That square is taken: choose an empty one.');
  const squares = Object.freeze(game.squares.map((mark, index) => (index === square ? game.next : mark)));
  const win = findWin(squares);
  const draw = win === null && squares.every((mark) => mark !== null);
  const over = win !== null || draw;
  return Object.freeze({ ...game, squares, next: over ? game.next : otherPlayer(game.next), winner: win?.player ?? null, line: win?.line ?? null, draw });
}

/** The next round, started by the player who did not start this one. */
export function nextRound(game) {
  return newGame(otherPlayer(game.first));
}

/** A winning line in words: "the top row", "the diagonal from the top left". */
export function describeLine(line) {
  return LINE_NAMES[line.join(',')] ?? `squares ${line.join(', ')}`;
}

/** The status line: whose turn it is, or how the round ended. */
export function statusText(game) {
  if (game.winner !== null) return `${game.winner} wins on ${describeLine(game.line)}!`;
  if (game.draw) return 'Draw: the board is full.';
  return `${game.next} to move`;
}

/** What a screen reader says for a square: "Row 1, column 3: X, winning line". */
export function squareLabel(game, square) {
  const row = Math.floor(square / 3) + 1;
  const column = (square % 3) + 1;
  const winning = game.line !== null && game.line.includes(square) ? ', winning line' : '';
  return `Row ${row}, column ${column}: ${game.squares[square] ?? 'empty'}${winning}`;
}

/** The square an arrow key moves the focus to, wrapping round the edges; any other key stays put. */
export function moveFocus(square, key) {
  const row = Math.floor(square / 3);
  const column = square % 3;
  if (key === 'ArrowUp') return ((row + 2) % 3) * 3 + column;
  if (key === 'ArrowDown') return ((row + 1) % 3) * 3 + column;
  if (key === 'ArrowLeft') return row * 3 + ((column + 2) % 3);
  if (key === 'ArrowRight') return row * 3 + ((column + 1) % 3);
  return square;
}

/** The score board after a finished round; an unfinished one leaves it as it was. */
export function recordResult(scores, game) {
  if (game.winner !== null) return { ...scores, [game.winner]: scores[game.winner] + 1 };
  if (game.draw) return { ...scores, draws: scores.draws + 1 };
  return scores;
}
