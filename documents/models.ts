import type { DocumentKind } from './document-name.js';
import { annotationsModel } from './annotations/model.js';
import { calendarModel } from './calendar/model.js';
import { kanbanModel } from './kanban/model.js';
import { pipelineModel } from './pipeline/model.js';
import type { DocumentModel } from './model.js';

const MODELS: Record<DocumentKind, DocumentModel> = {
  kanban: kanbanModel,
  calendar: calendarModel,
  pipeline: pipelineModel,
  annotations: annotationsModel,
};

export function modelFor(kind: DocumentKind): DocumentModel {
  return MODELS[kind];
}
