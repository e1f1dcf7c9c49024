import { browserStorage, createScoreStore } from './storage.js';
import { mountGame } from './ui.js';

mountGame(globalThis.document, createScoreStore(browserStorage()));
