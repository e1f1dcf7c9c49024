import { describe, expect, it } from 'vitest';
import { ATELIER_SUITE, METAGPT_SUITE } from '../../bench/quality/suites.js';

describe('the suites', () => {
  it('has twenty ideas of our own: each of SRDD’s five areas once per stack, ids unique', () => {
    expect(ATELIER_SUITE).toHaveLength(20);
    expect(new Set(ATELIER_SUITE.map((idea) => idea.id)).size).toBe(20);
    for (const area of ['education', 'work', 'life', 'game', 'creation']) {
      expect(ATELIER_SUITE.filter((idea) => idea.area === area).map((idea) => idea.stack).sort(), area).toEqual(['js-cli', 'py-cli', 'ts-http', 'web']);
    }
  });

  it("has the eleven SoftwareDev tasks MetaGPT's paper names, in its order, with their source", () => {
    expect(METAGPT_SUITE.map((task) => task.id)).toEqual(['mg-00-snake', 'mg-01-brick-breaker', 'mg-02-2048', 'mg-03-flappy-bird', 'mg-04-tank-battle', 'mg-05-excel-data-process', 'mg-06-crud-manage', 'mg-07-music-transcriber', 'mg-08-custom-press-releases', 'mg-09-gomoku', 'mg-10-weather-dashboard']);
    for (const task of METAGPT_SUITE) expect(task.source).toContain('Table 8');
  });

  it('names each project folder by an id a folder can carry', () => {
    for (const idea of [...ATELIER_SUITE, ...METAGPT_SUITE]) expect(idea.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
});
