/** A figure another system's paper reports, for the comparison under each results table. */
export interface PublishedFigures {
  system: string;
  dataset: string;
  source: string;
  /** As printed: a share for ChatDev's metric, a 1–4 human grade for MetaGPT's. */
  executability: string;
  completeness: string | null;
  tokensPerProject: number | null;
  secondsPerProject: number | null;
  tokensPerLine: number | null;
}

/**
 * The published figures the benchmark's scores are meant to be read against. ChatDev's
 * executability and completeness are shares over projects, as ours are; MetaGPT's
 * executability is a human grade from 1 (fails) to 4 (flawless), so it is shown, not compared.
 */
export const PUBLISHED: readonly PublishedFigures[] = [
  {
    system: 'ChatDev',
    dataset: 'SRDD',
    source: 'Qian et al., ChatDev: Communicative Agents for Software Development (Table 1)',
    executability: '0.88',
    completeness: '0.56',
    tokensPerProject: null,
    secondsPerProject: null,
    tokensPerLine: null,
  },
  {
    system: 'MetaGPT',
    dataset: 'SoftwareDev (7 tasks)',
    source: 'Hong et al., MetaGPT: Meta Programming for a Multi-Agent Collaborative Framework, ICLR 2024 (Table 1)',
    executability: '3.75 of 4 (human grade)',
    completeness: null,
    tokensPerProject: 31_255,
    secondsPerProject: 541,
    tokensPerLine: 124.3,
  },
  {
    system: 'ChatDev, as MetaGPT measured it',
    dataset: 'SoftwareDev (7 tasks)',
    source: 'Hong et al., ICLR 2024 (Table 1)',
    executability: '2.25 of 4 (human grade)',
    completeness: null,
    tokensPerProject: 19_292,
    secondsPerProject: 762,
    tokensPerLine: 248.9,
  },
];
