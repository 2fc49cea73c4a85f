import { createContext, useContext } from 'react';
import type * as Y from 'yjs';
import type { Uploads } from '../assets/use-uploads.js';
import type { ProjectMember } from '../members.js';

/** What every part of a pipeline board needs: the document, whether it may change, and the project's people. */
export interface PipelineTools {
  doc: Y.Doc;
  readOnly: boolean;
  /** Runs a model operation; a refusal becomes the board's error message. Whether it went through. */
  run: (operation: () => void) => boolean;
  members: ProjectMember[];
  nameOf: (userId: string) => string;
  /** Focuses the element `selector` names after the next render (a card moved to another stage is drawn anew there). */
  focusSoon: (selector: string) => void;
  /** Where the board is, for the REST API: an item's id there is `<projectId>.<pipelineId>.<itemId>`. */
  projectId: string;
  pipelineId: string;
  /** A guest of this one document: the project's members and files are closed to them, so no picking people or uploading. */
  guest: boolean;
  /** Files being uploaded to the board's items (each job's target is its item's id), kept here so a card moved to another stage keeps its progress. */
  uploads: Uploads;
}

export const PipelineContext = createContext<PipelineTools | null>(null);

export function usePipeline(): PipelineTools {
  const tools = useContext(PipelineContext);
  if (!tools) throw new Error('a pipeline part outside a pipeline');
  return tools;
}

export const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);
