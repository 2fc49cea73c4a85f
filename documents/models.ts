import type { DocumentKind } from './document-name.js';
import { calendarModel } from './calendar/model.js';
import { kanbanModel } from './kanban/model.js';
import type { DocumentModel } from './model.js';

/** A kind whose model has not landed yet: no seed, no collections, reads as nothing. */
function placeholderModel(kind: DocumentKind): DocumentModel<Record<string, never>> {
  return { kind, schemaVersion: 0, collections: [], seed: () => {}, read: () => ({}) };
}

const MODELS: Record<DocumentKind, DocumentModel> = {
  kanban: kanbanModel,
  calendar: calendarModel,
  pipeline: placeholderModel('pipeline'),
  annotations: placeholderModel('annotations'),
};

export function modelFor(kind: DocumentKind): DocumentModel {
  return MODELS[kind];
}
