import { randomUUID } from 'node:crypto';
import { addItem } from '../../documents/pipeline/pipeline.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { editOutcome } from '../entry-edit.js';
import { type Outcome, ok } from '../outcome.js';
import { type ItemFields, resolveFields } from './item-fields.js';
import { type ItemDetail, type ItemType, type PipelineItem, currentItem, missingNow, pipelineName, toItem } from './pipeline-item.js';

export interface NewItem extends ItemFields {
  projectId: string;
  pipelineId: string;
  title: string;
  /** Chosen by the caller to make a retry safe; a UUID when absent. */
  itemId?: string | undefined;
}

/**
 * Adds a campaign or a video at the end of a pipeline's first stage (idea: it needs only a title).
 * Later stages are entered by a stage move, which checks what each needs.
 */
export async function createItem<Item>(deps: OperationDeps, caller: Caller, type: ItemType, input: NewItem, present: (item: PipelineItem) => Item): Promise<Outcome<ItemDetail<Item>>> {
  const { projectId, pipelineId, itemId = randomUUID(), title, ...fields } = input;
  const access = await documentFor(deps, caller, { projectId, documentId: pipelineId, kind: 'pipeline' }, 'write');
  if (!access.ok) return access;
  const where = { projectId, pipelineId };
  const changes = await resolveFields(deps, where, fields);
  if (!changes.ok) return changes;
  const result = await deps.live.edit(pipelineName(projectId, pipelineId), access.value.editor, (doc) => {
    addItem(doc, { ...changes.value, id: itemId, type, title });
    const entry = currentItem(doc, type, itemId);
    return { ...present(toItem(where, entry)), missing: missingNow(doc, entry) };
  });
  const outcome = editOutcome(result);
  return outcome.ok ? ok(outcome.value) : outcome;
}
