import { describe, expect, it } from 'vitest';
import { chainLengths, runDag } from './schedule-dag.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runDag', () => {
  it('runs dependencies first and independent nodes together, within the concurrency bound', async () => {
    const nodes = [
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['a'] },
      { id: 'd', dependsOn: ['a'] },
      { id: 'e', dependsOn: ['b', 'c', 'd'] },
    ];
    const log: string[] = [];
    let active = 0;
    let peak = 0;
    await runDag(nodes, {
      concurrency: 2,
      isDone: () => false,
      run: async (node) => {
        active++;
        peak = Math.max(peak, active);
        log.push(`start ${node.id}`);
        await sleep(10);
        log.push(`end ${node.id}`);
        active--;
      },
    });
    expect(peak).toBe(2);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('start e')).toBeGreaterThan(Math.max(log.indexOf('end b'), log.indexOf('end c'), log.indexOf('end d')));
  });

  it('skips nodes already done and starts nothing new after a failure', async () => {
    const started: string[] = [];
    const result = await runDag(
      [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
        { id: 'c', dependsOn: ['b'] },
      ],
      {
        concurrency: 1,
        isDone: (id) => id === 'a',
        run: async (node) => {
          started.push(node.id);
          if (node.id === 'b') throw new Error('boom');
        },
      },
    );
    expect(started).toEqual(['b']);
    expect(result.failures.map((f) => f.id)).toEqual(['b']);
    expect(result.completed).toEqual([]);
  });

  it('starts the ready node with the longest chain of work behind it first', async () => {
    const started: string[] = [];
    await runDag(
      [
        { id: 'leaf', dependsOn: [] },
        { id: 'head', dependsOn: [] },
        { id: 'middle', dependsOn: ['head'] },
        { id: 'tail', dependsOn: ['middle'] },
      ],
      { concurrency: 1, isDone: () => false, run: async (node) => void started.push(node.id) },
    );
    // After middle, leaf and tail both have a chain of 1: the plan's order decides.
    expect(started).toEqual(['head', 'middle', 'leaf', 'tail']);
    expect(chainLengths([{ id: 'a', dependsOn: [] }, { id: 'b', dependsOn: ['a'] }]).get('a')).toBe(2);
  });

  it('weighs the chains by the nodes\' estimates when the plan has them, and ignores nonsense ones', async () => {
    const started: string[] = [];
    const nodes = [
      { id: 'short-head', dependsOn: [], estimate: 1 },
      { id: 'short-tail', dependsOn: ['short-head'], estimate: 1 },
      { id: 'long', dependsOn: [], estimate: 5 },
      { id: 'odd', dependsOn: [], estimate: Number.NaN },
    ];
    await runDag(nodes, { concurrency: 1, isDone: () => false, run: async (node) => void started.push(node.id) });
    // One long node outweighs a chain of two short ones; a NaN estimate counts as 1.
    expect(started).toEqual(['long', 'short-head', 'short-tail', 'odd']);
    expect(chainLengths(nodes).get('short-head')).toBe(2);
    expect(chainLengths(nodes).get('odd')).toBe(1);
  });
});

describe('runDag parking', () => {
  it('holds back only the dependents of a parked node; the rest of the graph finishes', async () => {
    const started: string[] = [];
    const result = await runDag(
      [
        { id: 'prd', dependsOn: [] },
        { id: 'design', dependsOn: ['prd'] },
        { id: 'plan', dependsOn: ['design'] },
        { id: 'notes', dependsOn: ['prd'] },
      ],
      {
        concurrency: 2,
        isDone: () => false,
        run: async (node) => {
          started.push(node.id);
          if (node.id === 'design') return { parked: 'waiting for approval' };
        },
      },
    );
    expect(result.parked).toEqual([{ id: 'design', reason: 'waiting for approval' }]);
    expect(result.failures).toEqual([]);
    expect(result.completed.sort()).toEqual(['notes', 'prd']);
    expect(started).not.toContain('plan');
  });

  it('schedules a wide graph of thousands of nodes without rescanning it', async () => {
    const nodes = Array.from({ length: 3000 }, (_, i) => ({ id: `t${i}`, dependsOn: i === 0 ? [] : [`t${Math.floor((i - 1) / 2)}`] }));
    const result = await runDag(nodes, { concurrency: 8, isDone: () => false, run: async () => undefined });
    expect(result.completed).toHaveLength(3000);
    expect(result.completed.indexOf('t1')).toBeGreaterThan(result.completed.indexOf('t0'));
  });
});
