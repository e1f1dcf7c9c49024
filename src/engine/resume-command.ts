import type { RunPlan } from './run-plan.js';

/**
 * The command that continues a run, as the views print it: with the endpoint the run was
 * started against, which a resume uses only when it is named again (see resume-settings.ts).
 */
export function resumeCommand(runId: string, plan: Pick<RunPlan, 'options'>, extra = ''): string {
  const baseUrl = plan.options.modelSettings?.baseUrl;
  return `atelier resume ${runId}${baseUrl ? ` --base-url ${baseUrl}` : ''}${extra}`;
}
