import type { AppConfig } from '../config/index.js';
import { detectSandbox, type SandboxDriver, type SandboxPreference } from '../sandbox/sandbox.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import type { SandboxSettings } from '../roles/pipeline/run-pipeline.js';
import type { RunPlan } from './run-plan.js';

/** The sandbox a run uses: the driver preference and the commands' limits. */
export interface RunSandboxOptions {
  prefer: SandboxPreference;
  settings?: SandboxSettings;
}

/** atelier.config.yml's `sandbox:` limits, as the run plan keeps them (absent when none is set). */
export function sandboxOptions(sandbox: AppConfig['sandbox']): { sandboxSettings?: SandboxSettings } {
  if (!sandbox) return {};
  const settings: SandboxSettings = {
    ...(sandbox.timeout_seconds !== undefined ? { timeoutSeconds: sandbox.timeout_seconds } : {}),
    ...(sandbox.memory_mb !== undefined ? { memoryMb: sandbox.memory_mb } : {}),
    ...(sandbox.max_processes !== undefined ? { maxProcesses: sandbox.max_processes } : {}),
    ...(sandbox.network_for_install !== undefined ? { networkForInstall: sandbox.network_for_install } : {}),
    ...(sandbox.offline_npm_cache !== undefined ? { offlineNpmCache: sandbox.offline_npm_cache } : {}),
    ...(sandbox.env !== undefined ? { env: sandbox.env } : {}),
  };
  return Object.keys(settings).length > 0 ? { sandboxSettings: settings } : {};
}

/** What a new run uses: what planRun read from the configuration. */
export function plannedSandbox(plan: RunPlan): RunSandboxOptions {
  const settings = plan.options.sandboxSettings;
  return { prefer: plan.options.sandboxDriver ?? 'auto', ...(settings ? { settings } : {}) };
}

/**
 * What a resumed run uses: the project's configuration as it is now, not the preference stored
 * when the run started. The machine's sandbox may have changed since (Docker stopped, the config
 * edited to `auto` to get past exactly that), and resume is how a user gets going again.
 */
export function sandboxFromConfig(config: AppConfig): RunSandboxOptions {
  const { sandboxSettings } = sandboxOptions(config.sandbox);
  return { prefer: config.sandbox?.driver ?? 'auto', ...(sandboxSettings ? { settings: sandboxSettings } : {}) };
}

/** The message for a configured driver that cannot be used: what to change, and that nothing happened. */
function configuredDriverError(error: SandboxError, prefer: SandboxPreference, consequence: string): SandboxError {
  const detail = error.message.replace(/^sandbox \([^)]*\): /, '').replace(/,? or use --driver auto/g, '');
  return new SandboxError({
    driver: error.driver,
    detail: `${detail}. atelier.config.yml sets sandbox.driver to "${prefer}": set it to auto (the best sandbox this machine has) or plain (no isolation), e.g. \`atelier config set sandbox.driver auto\`. ${consequence}`,
    cause: error,
  });
}

/**
 * Finds the run's sandbox before anything of the run is written or changed, when the workflow
 * runs commands (a QA stage): a configured driver that is unavailable stops here, with a message
 * saying which setting to change. Workflows without QA detect nothing.
 */
export async function prepareSandbox(plan: RunPlan, options: RunSandboxOptions, consequence: string, injected?: () => Promise<SandboxDriver>): Promise<() => Promise<SandboxDriver>> {
  const detect = injected ?? (() => detectSandbox({ prefer: options.prefer }));
  if (!plan.workflow.stages.some((stage) => stage.behaviour === 'qa')) {
    let driver: Promise<SandboxDriver> | undefined;
    return () => (driver ??= detect());
  }
  try {
    const driver = await detect();
    return () => Promise.resolve(driver);
  } catch (error) {
    if (SandboxError.isInstance(error) && options.prefer !== 'auto') throw configuredDriverError(error, options.prefer, consequence);
    throw error;
  }
}
