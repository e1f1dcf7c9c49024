import { Document, isMap, isSeq } from 'yaml';
import { ConfigError } from './config-error.js';
import type { YamlSource } from './yaml-file.js';

/**
 * A workflow file in the seed format (`name`, `description`, `stages`) around the stages of a
 * stages file, or of a workflow file's `stages:`. The stages keep their comments and layout.
 */
export function workflowTextFromStages(stages: YamlSource, meta: { name: string; description: string }): string {
  const contents = stages.doc.contents;
  const node = isSeq(contents) ? contents : isMap(contents) ? contents.get('stages', true) : undefined;
  if (!isSeq(node)) {
    throw new ConfigError({ file: stages.file, message: 'expected a list of stages, or a workflow with a `stages:` list' });
  }
  const doc = new Document({ name: meta.name, description: meta.description });
  doc.set('stages', node);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
