import { USER_IDEA, type CompiledStage, type CompiledWorkflow } from './compile-workflow.js';

/** The stages wave by wave, each with its role, what it reads and what it writes. */
export function workflowOutline(workflow: CompiledWorkflow): string {
  const byId = new Map(workflow.stages.map((stage) => [stage.id, stage]));
  const width = Math.max(...workflow.stages.map((stage) => stage.id.length));
  const lines: string[] = [];
  workflow.waves.forEach((wave, i) => {
    lines.push(`wave ${i + 1}${wave.length > 1 ? ` (${wave.length} stages in parallel)` : ''}`);
    for (const id of wave) {
      const stage = byId.get(id);
      if (stage) lines.push(`  ${stage.id.padEnd(width)}  ${stageLine(stage)}`);
    }
  });
  return lines.join('\n');
}

function stageLine(stage: CompiledStage): string {
  const flags = [
    stage.approval ? 'approval' : '',
    stage.foreach ? `foreach ${stage.foreach}` : '',
    stage.model ? `model ${stage.model}` : '',
    ...Object.entries(stage.specialists ?? {}).map(([type, role]) => `${type} tasks → ${role}`),
  ].filter((flag) => flag !== '');
  const role = `${stage.roleName} (${stage.roleId})`;
  return `${role}: ${stage.inputs.join(', ')} → ${stage.output} [${stage.kind}]${flags.length > 0 ? `  ${flags.join(', ')}` : ''}`;
}

/**
 * The DAG as a mermaid flowchart: the idea, one node per stage (its id and role), edges labelled
 * with the document that flows along them, and the documents no stage reads as end nodes.
 */
export function workflowMermaid(workflow: CompiledWorkflow): string {
  // Numbered node ids: a stage id such as `end` or `a--b` would otherwise read as mermaid syntax.
  const nodeOf = new Map(workflow.stages.map((stage, i) => [stage.id, `s${i + 1}`]));
  const producer = new Map(workflow.stages.map((stage) => [stage.output, nodeOf.get(stage.id) ?? '']));
  const read = new Set(workflow.stages.flatMap((stage) => stage.inputs));
  const lines = ['flowchart TD', `  idea(["${label(USER_IDEA)}"])`];
  for (const stage of workflow.stages) lines.push(`  ${nodeOf.get(stage.id)}["${label(stage.id)}<br/><small>${label(stage.roleName)}</small>"]`);
  for (const stage of workflow.stages) {
    for (const input of stage.inputs) {
      const from = input === USER_IDEA ? 'idea' : producer.get(input);
      lines.push(`  ${from} -->|${label(input)}| ${nodeOf.get(stage.id)}`);
    }
  }
  workflow.stages
    .filter((stage) => !read.has(stage.output))
    .forEach((stage, i) => lines.push(`  d${i + 1}[/"${label(stage.output)}"/]`, `  ${nodeOf.get(stage.id)} --> d${i + 1}`));
  return lines.join('\n');
}

/** Text safe inside a quoted mermaid label or an edge label. */
function label(text: string): string {
  return text.replace(/["|<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}
