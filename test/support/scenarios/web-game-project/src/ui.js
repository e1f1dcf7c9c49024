import { GameError, isOver, moveFocus, newGame, nextRound, play, recordResult, squareLabel, statusText } from './game.js';

/** The ids of the elements in index.html the game renders into, by what they hold. */
export const ELEMENT_IDS = Object.freeze({
  status: 'status',
  board: 'board',
  scoreX: 'score-x',
  scoreO: 'score-o',
  draws: 'score-draws',
  newGame: 'new-game',
  resetScores: 'reset-scores',
  storageNote: 'storage-note',
});

const NOT_KEPT = 'Scores are kept for this visit only: this browser does not let the page save them.';

/** Every element the game needs; a missing one is a mistake in index.html, named in the error. */
function findElements(doc) {
  const found = {};
  for (const [name, id] of Object.entries(ELEMENT_IDS)) {
    const element = doc.getElementById(id);
    if (element === null) throw new Error(`index.html has no element with id "${id}"`);
    found[name] = element;
  }
  return found;
}

/**
 * Builds the board's nine square buttons and wires the page: a click, Enter or Space on a square
 * plays it, the arrow keys move between squares, and every change re-renders from the game state.
 */
export function mountGame(doc, store) {
  const elements = findElements(doc);
  let game = newGame();
  let scores = store.load();
  // A refused move, explained in the status until the next action.
  let message = '';

  const squares = Array.from({ length: 9 }, (_, index) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'square';
    button.dataset.square = String(index);
    elements.board.append(button);
    return button;
  });

  function render() {
    elements.status.textContent = message || statusText(game);
    squares.forEach((button, index) => {
      const mark = game.squares[index];
      button.textContent = mark ?? '';
      button.setAttribute('aria-label', squareLabel(game, index));
      // Not `disabled`: a disabled button loses the keyboard focus the player is moving around.
      button.setAttribute('aria-disabled', String(mark !== null || isOver(game)));
      button.classList.toggle('winning', game.line !== null && game.line.includes(index));
    });
    elements.scoreX.textContent = String(scores.X);
    elements.scoreO.textContent = String(scores.O);
    elements.draws.textContent = String(scores.draws);
    elements.storageNote.textContent = store.persistent ? '' : NOT_KEPT;
    elements.storageNote.hidden = store.persistent;
  }

  function playSquare(index) {
    try {
      game = play(game, index);
      message = '';
      if (isOver(game)) {
        scores = recordResult(scores, game);
        store.save(scores);
      }
    } catch (error) {
      if (!(error instanceof GameError)) throw error;
      message = error.message;
    }
    render();
  }

  elements.board.addEventListener('click', (event) => {
    const button = event.target.closest('[data-square]');
    if (button !== null) playSquare(Number(button.dataset.square));
  });
  elements.board.addEventListener('keydown', (event) => {
    const index = squares.indexOf(event.target);
    if (index === -1) return;
    const target = moveFocus(index, event.key);
    if (target === index) return;
    event.preventDefault();
    squares[target].focus();
  });
  elements.newGame.addEventListener('click', () => {
    game = nextRound(game);
    message = '';
    render();
    squares[0].focus();
  });
  elements.resetScores.addEventListener('click', () => {
    store.reset();
    scores = store.load();
    render();
  });

  render();
}
