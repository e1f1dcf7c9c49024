import { meanOfKnown, type Measured } from './measured.js';
import type { ProjectResult } from './project-result.js';
import type { ProjectScores } from './score.js';

/** A mean over the projects whose score is known, and how many those were. */
export interface SuiteMean {
  mean: number | null;
  scored: number;
}

export interface SuiteSummary {
  suite: string;
  ideas: number;
  /** Projects with scores (their run finished: succeeded, failed, stopped or parked). */
  scoredProjects: number;
  /** The share of executable projects among those whose executability is known. */
  executability: SuiteMean;
  completeness: SuiteMean;
  /** The mean per project of covered stories over stories. */
  requirementCoverage: SuiteMean;
  testCoverage: SuiteMean;
  blockersLeft: SuiteMean;
  fixRounds: SuiteMean;
  tokens: SuiteMean;
  costUsd: SuiteMean;
  tokensPerLine: SuiteMean;
  wallSeconds: SuiteMean;
}

function column<K extends keyof ProjectScores>(results: readonly ProjectResult[], name: K): ProjectScores[K][] {
  return results.flatMap((result) => (result.scores ? [result.scores[name]] : []));
}

function ratio(score: ProjectScores['requirementCoverage']): Measured<number> {
  if (score.value === null) return score;
  return score.value.total === 0 ? { value: null, why: 'the PRD has no user stories' } : { value: score.value.covered / score.value.total };
}

/** Means per project, each over the projects whose score is known. */
export function summarizeSuite(suite: string, results: readonly ProjectResult[]): SuiteSummary {
  const own = results.filter((result) => result.suite === suite);
  return {
    suite,
    ideas: own.length,
    scoredProjects: own.filter((result) => result.scores !== null).length,
    executability: meanOfKnown(column(own, 'executability')),
    completeness: meanOfKnown(column(own, 'completeness')),
    requirementCoverage: meanOfKnown(column(own, 'requirementCoverage').map(ratio)),
    testCoverage: meanOfKnown(column(own, 'testCoverage')),
    blockersLeft: meanOfKnown(column(own, 'blockersLeft')),
    fixRounds: meanOfKnown(column(own, 'fixRounds')),
    tokens: meanOfKnown(column(own, 'tokens')),
    costUsd: meanOfKnown(column(own, 'costUsd')),
    tokensPerLine: meanOfKnown(column(own, 'tokensPerLine')),
    wallSeconds: meanOfKnown(column(own, 'wallSeconds')),
  };
}
