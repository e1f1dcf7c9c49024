import type { Measured } from './measured.js';
import type { ProjectResult } from './project-result.js';
import { PUBLISHED, type PublishedFigures } from './published.js';
import type { ProjectScores, ScoreName } from './score.js';
import type { SuiteMean, SuiteSummary } from './summarize.js';

/** Who ran what, when: the head of every results file. */
export interface ResultsHeader {
  mode: 'offline' | 'model';
  /** ISO 8601, UTC. */
  date: string;
  atelierVersion: string;
  /** The model asked for (`--model`), or what the configuration chooses. */
  model: string;
  /** The models that really answered, over every project. */
  answeredBy: string[];
  /** The flags given to every `atelier run`. */
  runFlags: string[];
  projectsDir: string;
}

export interface ResultsDocument {
  header: ResultsHeader;
  suites: SuiteSummary[];
  projects: ProjectResult[];
  published: readonly PublishedFigures[];
}

export const UNKNOWN = '—';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function dollars(value: number): string {
  return `$${value.toFixed(value >= 1 ? 2 : 4)}`;
}

/** How each score reads in a table cell; an unknown one is a dash. */
const CELL: { [K in ScoreName]: (value: NonNullable<ProjectScores[K]['value']>) => string } = {
  executability: (value) => String(value),
  completeness: (value) => String(value),
  requirementCoverage: (value) => `${value.covered}/${value.total}`,
  testCoverage: (value) => `${value.toFixed(1)}%`,
  blockersLeft: (value) => String(value),
  fixRounds: (value) => String(value),
  tokens: (value) => integer.format(value),
  costUsd: dollars,
  tokensPerLine: (value) => value.toFixed(1),
  wallSeconds: (value) => `${integer.format(value)} s`,
};

export function cell<K extends ScoreName>(scores: ProjectScores | null, name: K): string {
  const score = scores?.[name] as Measured<unknown> | undefined;
  if (!score || score.value === null) return UNKNOWN;
  return (CELL[name] as (value: unknown) => string)(score.value);
}

const COLUMNS: readonly [ScoreName, string][] = [
  ['executability', 'executable'],
  ['completeness', 'complete'],
  ['requirementCoverage', 'stories'],
  ['testCoverage', 'test coverage'],
  ['blockersLeft', 'blockers left'],
  ['fixRounds', 'fix rounds'],
  ['tokens', 'tokens'],
  ['costUsd', 'cost'],
  ['wallSeconds', 'time'],
];

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function projectRow(result: ProjectResult): string {
  const cells = [result.id, result.label, result.runId ? `${result.status} (${result.action})` : result.action, ...COLUMNS.map(([name]) => cell(result.scores, name))];
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function mean(value: SuiteMean, format: (n: number) => string): string {
  return value.mean === null ? `${UNKNOWN} (0 scored)` : `${format(value.mean)} (${value.scored})`;
}

/** The suite's line: means per project, each with how many projects it is over. */
export function summaryLine(summary: SuiteSummary): string {
  const parts = [
    `executability ${mean(summary.executability, (n) => n.toFixed(2))}`,
    `completeness ${mean(summary.completeness, (n) => n.toFixed(2))}`,
    `requirement coverage ${mean(summary.requirementCoverage, (n) => n.toFixed(2))}`,
    `test coverage ${mean(summary.testCoverage, (n) => `${n.toFixed(1)}%`)}`,
    `blockers left ${mean(summary.blockersLeft, (n) => n.toFixed(2))}`,
    `fix rounds ${mean(summary.fixRounds, (n) => n.toFixed(2))}`,
    `tokens ${mean(summary.tokens, (n) => integer.format(n))}`,
    `cost ${mean(summary.costUsd, dollars)}`,
    `tokens per line ${mean(summary.tokensPerLine, (n) => n.toFixed(1))}`,
    `time ${mean(summary.wallSeconds, (n) => `${integer.format(n)} s`)}`,
  ];
  return `**${summary.suite}**: ${summary.ideas} idea(s), ${summary.scoredProjects} scored · ${parts.join(' · ')} (means per project; in parentheses, how many projects each is over)`;
}

/** Why a score is unknown, or what a 0 rests on, one line per project that has any. */
function notes(result: ProjectResult): string[] {
  if (!result.scores) return [`\`${result.id}\`: ${result.why ?? 'not scored'}`];
  const lines: string[] = [];
  for (const [name, title] of COLUMNS) {
    const score = result.scores[name] as Measured<unknown>;
    const text = 'why' in score ? score.why : score.note;
    if (text) lines.push(`${title}: ${text}`);
  }
  return lines.length === 0 ? [] : [`\`${result.id}\`: ${lines.join('; ')}`];
}

function publishedTable(summaries: readonly SuiteSummary[]): string[] {
  const ours = summaries.map((summary) => {
    const share = (value: SuiteMean) => (value.mean === null ? UNKNOWN : value.mean.toFixed(2));
    const number = (value: SuiteMean, format: (n: number) => string) => (value.mean === null ? UNKNOWN : format(value.mean));
    return `| Atelier, this run: ${summary.suite} | ${share(summary.executability)} | ${share(summary.completeness)} | ${number(summary.tokens, (n) => integer.format(n))} | ${number(summary.wallSeconds, (n) => `${integer.format(n)} s`)} | ${number(summary.tokensPerLine, (n) => n.toFixed(1))} |`;
  });
  const theirs = PUBLISHED.map((p) => `| ${p.system} on ${p.dataset} | ${p.executability} | ${p.completeness ?? UNKNOWN} | ${p.tokensPerProject === null ? UNKNOWN : integer.format(p.tokensPerProject)} | ${p.secondsPerProject === null ? UNKNOWN : `${p.secondsPerProject} s`} | ${p.tokensPerLine ?? UNKNOWN} |`);
  return [
    '| system | executability | completeness | tokens per project | time per project | tokens per line |',
    '|---|---|---|---|---|---|',
    ...ours,
    ...theirs,
    '',
    `Sources: ${PUBLISHED.map((p) => `${p.system}: ${p.source}`).join('; ')}. MetaGPT grades executability by hand from 1 (fails) to 4 (flawless); ours and ChatDev's are the share of projects that run.`,
  ];
}

export function renderMarkdown(doc: ResultsDocument): string {
  const { header } = doc;
  const title = header.mode === 'offline' ? 'offline, the recorded demos replayed' : doc.suites.map((s) => s.suite).join(' + ');
  const lines = [
    `# Atelier quality benchmark: ${title}`,
    '',
    `- Date: ${header.date}`,
    `- Atelier: ${header.atelierVersion}`,
    `- Model: ${header.model}${header.answeredBy.length > 0 ? ` (answered by ${header.answeredBy.join(', ')})` : ''}`,
    `- Flags for every run: ${header.runFlags.length > 0 ? `\`${header.runFlags.join(' ')}\`` : 'none'}`,
    `- Projects: \`${header.projectsDir}\``,
    '',
  ];
  for (const summary of doc.suites) {
    const own = doc.projects.filter((result) => result.suite === summary.suite);
    lines.push(`## ${summary.suite}`, '', `| idea | stack | run | ${COLUMNS.map(([, title]) => title).join(' | ')} |`, `|${'---|'.repeat(COLUMNS.length + 3)}`, ...own.map(projectRow), '', summaryLine(summary), '');
    const why = own.flatMap(notes);
    if (why.length > 0) lines.push('Notes (a dash is a score that could not be computed; it is left out of the means):', '', ...why.map((line) => `- ${escapeCell(line)}`), '');
  }
  lines.push('## Published figures', '', ...publishedTable(doc.suites), '');
  return lines.join('\n');
}

/** The one line the harness prints on stderr when an idea's project is scored. */
export function progressLine(result: ProjectResult): string {
  if (!result.scores) return `${result.id}: ${result.action}${result.why ? `: ${result.why}` : ''}`;
  const cells = COLUMNS.map(([name, title]) => `${title} ${cell(result.scores, name)}`);
  return `${result.id}: ${result.status} (${result.action} ${result.runId}) · ${cells.join(' · ')}`;
}
