import type { ModelPreferences } from './types.js';

/** What a call asks a model to do; each maps to the capabilities it needs. */
export const TASK_TYPES = [
  'requirements_analysis',
  'system_design',
  'planning',
  'code_generation',
  'review',
  'testing',
  'documentation',
  'custom',
] as const;

export type TaskType = (typeof TASK_TYPES)[number];

export type Reasoning = NonNullable<ModelPreferences['reasoning']>;

/** What a task needs when the role says nothing more. */
export interface TaskProfile {
  reasoning: Reasoning;
  /** Context the task's prompts usually need, in tokens. */
  contextTokens: number;
  /** One line for explanations. */
  summary: string;
}

/** The built-in roles' tasks; a custom role is `custom`, shaped by its model_preferences. */
const ROLE_TASKS: Readonly<Record<string, TaskType>> = {
  product_manager: 'requirements_analysis',
  architect: 'system_design',
  api_designer: 'system_design',
  project_manager: 'planning',
  engineer: 'code_generation',
  code_reviewer: 'review',
  qa_engineer: 'testing',
  devops: 'documentation',
  tech_writer: 'documentation',
};

export const TASK_PROFILES: Readonly<Record<TaskType, TaskProfile>> = {
  requirements_analysis: { reasoning: 'standard', contextTokens: 32_000, summary: 'turns an idea into requirements' },
  system_design: { reasoning: 'strong', contextTokens: 64_000, summary: 'designs modules, interfaces and data' },
  planning: { reasoning: 'standard', contextTokens: 64_000, summary: 'splits the design into a task graph' },
  code_generation: { reasoning: 'strong', contextTokens: 64_000, summary: 'writes complete, working files' },
  review: { reasoning: 'strong', contextTokens: 64_000, summary: 'finds defects in code against the design' },
  testing: { reasoning: 'standard', contextTokens: 32_000, summary: 'reads test results and fixes' },
  documentation: { reasoning: 'basic', contextTokens: 32_000, summary: 'writes guides from finished work: a simple task' },
  custom: { reasoning: 'standard', contextTokens: 32_000, summary: "a custom role's document" },
};

/**
 * The built-in preference lists per task (the seed's `model_capabilities`): substrings of
 * catalog ids, best first. `models.capabilities.<task>` in atelier.config.yml replaces a list.
 */
export const DEFAULT_PREFERENCES: Readonly<Record<TaskType, readonly string[]>> = {
  requirements_analysis: ['claude-sonnet-4.5', 'gpt-5', 'gemini-2.5-pro', 'gpt-4.1', 'claude-haiku-4.5', 'gpt-5-mini', 'deepseek-chat-v3.1'],
  system_design: ['claude-opus-4.1', 'claude-sonnet-4.5', 'gpt-5', 'o3', 'gemini-2.5-pro', 'claude-sonnet-4', 'gpt-4.1', 'deepseek-r1'],
  planning: ['claude-sonnet-4.5', 'gpt-5', 'gemini-2.5-pro', 'gpt-4.1', 'o4-mini', 'gpt-5-mini', 'deepseek-chat-v3.1'],
  code_generation: ['claude-sonnet-4.5', 'gpt-5', 'claude-sonnet-4', 'gemini-2.5-pro', 'qwen3-coder', 'gpt-4.1', 'grok-code-fast', 'deepseek-chat-v3.1', 'codestral'],
  review: ['claude-sonnet-4.5', 'gpt-5', 'o3', 'gemini-2.5-pro', 'claude-sonnet-4', 'o4-mini', 'gpt-4.1'],
  testing: ['claude-sonnet-4.5', 'gpt-5-mini', 'gpt-4.1', 'gemini-2.5-flash', 'claude-haiku-4.5', 'qwen3-coder'],
  documentation: ['claude-haiku-4.5', 'gpt-5-mini', 'gemini-2.5-flash', 'gpt-4.1-mini', 'gpt-4o-mini', 'deepseek-chat-v3.1'],
  custom: ['claude-sonnet-4.5', 'gpt-5', 'gemini-2.5-pro', 'gpt-4.1', 'gpt-5-mini'],
};

export function isTaskType(value: string): value is TaskType {
  return (TASK_TYPES as readonly string[]).includes(value);
}

/** The task a role's calls do: its built-in mapping, else `custom`. */
export function taskForRole(role: string): TaskType {
  return ROLE_TASKS[role] ?? 'custom';
}

/** What a call needs: the task's profile, overridden by what the role's model_preferences say. */
export function taskNeed(task: TaskType, preferences: ModelPreferences | undefined): TaskProfile {
  const profile = TASK_PROFILES[task];
  return {
    ...profile,
    reasoning: preferences?.reasoning ?? profile.reasoning,
    contextTokens: preferences?.contextTokens ?? profile.contextTokens,
  };
}
