import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { readPipeline } from '../../../documents/pipeline/pipeline.js';
import { useUploads } from '../assets/use-uploads.js';
import { useDocumentView } from '../collab.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { useMembers } from '../members.js';
import { AddItem } from '../pipeline/AddItem.js';
import { PipelineContext, type PipelineTools } from '../pipeline/context.js';
import { StageColumn } from '../pipeline/StageColumn.js';

const read = (doc: Y.Doc) => readPipeline(doc);

/**
 * Stages as columns, each saying what happens there and what it asks of an item; each card lists
 * what its stage still needs and opens an editor to give it. Drag to move, or pick the stage in
 * the editor.
 */
export function PipelineView({ doc, readOnly, projectId, pipelineId, guest }: { doc: Y.Doc; readOnly: boolean; projectId: string; pipelineId: string; guest: boolean }) {
  const pipeline = useDocumentView(doc, read);
  const { members, nameOf } = useMembers(guest ? null : projectId);
  const [editing, setEditing] = useState<string | null>(null);
  const { error, run, dismiss } = useOperation();
  const focusTarget = useRef<string | null>(null);
  const uploads = useUploads(projectId);

  useLayoutEffect(() => {
    const selector = focusTarget.current;
    if (!selector) return;
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) return;
    focusTarget.current = null;
    if (document.activeElement !== target) target.focus();
  });
  const focusSoon = useCallback((selector: string) => {
    focusTarget.current = selector;
  }, []);
  const tools = useMemo<PipelineTools>(
    () => ({ doc, readOnly, run, members, nameOf, focusSoon, projectId, pipelineId, guest, uploads }),
    // nameOf is new on every render of useMembers but reads only `members`, so it changes when they do.
    [doc, readOnly, run, members, focusSoon, projectId, pipelineId, guest, uploads],
  );

  return (
    <PipelineContext.Provider value={tools}>
      <OperationError error={error} onDismiss={dismiss} />
      <div className="board pipeline" data-testid="pipeline" tabIndex={0} role="region" aria-label="Pipeline stages">
        {pipeline.stages.map(({ stage, items }) => (
          <StageColumn key={stage} stage={stage} items={items} editing={editing} onEdit={setEditing} />
        ))}
      </div>
      {!readOnly && <AddItem />}
    </PipelineContext.Provider>
  );
}
