import { useSyncExternalStore } from 'react';
import { RequestFailed } from '../api.js';
import { keepLocalCopy, readLocalCopy, removeLocalCopy } from '../local-data.js';

/** A project as the list and the project page show it. */
export interface ProjectSummary {
  id: string;
  name: string;
  description: string;
  role: string;
}

/** A registered document as the project page lists it. */
export interface DocumentSummary {
  id: string;
  name: string;
  kind: string;
  title: string;
  updatedAt: string;
}

/** What the project page last fetched for this person, to show offline. */
export interface ProjectCopy {
  project: ProjectSummary;
  documents: DocumentSummary[];
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: Fields, ...keys: string[]) => keys.every((key) => typeof value[key] === 'string');

function asProject(value: unknown): ProjectSummary | null {
  if (!isObject(value) || !strings(value, 'id', 'name', 'role')) return null;
  return { id: String(value.id), name: String(value.name), role: String(value.role), description: typeof value.description === 'string' ? value.description : '' };
}

function asDocument(value: unknown): DocumentSummary | null {
  if (!isObject(value) || !strings(value, 'id', 'name', 'kind', 'title')) return null;
  return { id: String(value.id), name: String(value.name), kind: String(value.kind), title: String(value.title), updatedAt: typeof value.updatedAt === 'string' ? value.updatedAt : '' };
}

const present = <T>(values: (T | null)[]): T[] => values.filter((value): value is T => value !== null);

/** Only the fields the pages show are kept, whatever else the server sent. */
export function keepProjects(userId: string, projects: ProjectSummary[]): void {
  keepLocalCopy(userId, ['projects'], present(projects.map(asProject)));
}

export function keptProjects(userId: string): ProjectSummary[] | null {
  const stored = readLocalCopy(userId, ['projects']);
  return Array.isArray(stored) ? present(stored.map(asProject)) : null;
}

/** The project and its open documents as fetched; each document's title is kept too, for its page offline. */
export function keepProject(userId: string, copy: ProjectCopy): void {
  const project = asProject(copy.project);
  if (!project) return;
  const documents = present(copy.documents.map(asDocument));
  keepLocalCopy(userId, ['project', project.id], { project, documents });
  for (const document of documents) keepTitle(userId, document.name, document.title);
}

export function keptProject(userId: string, projectId: string): ProjectCopy | null {
  const stored = readLocalCopy(userId, ['project', projectId]);
  if (!isObject(stored)) return null;
  const project = asProject(stored.project);
  if (!project) return null;
  return { project, documents: Array.isArray(stored.documents) ? present(stored.documents.map(asDocument)) : [] };
}

/** The server says this person has no such project (any more): nothing of it is shown offline either. */
export function forgetProject(userId: string, projectId: string): void {
  removeLocalCopy(userId, ['project', projectId]);
  const projects = keptProjects(userId);
  if (projects) keepProjects(userId, projects.filter((project) => project.id !== projectId));
}

export function keepTitle(userId: string, documentName: string, title: string): void {
  keepLocalCopy(userId, ['title', documentName], title);
}

export function keptTitle(userId: string, documentName: string): string | null {
  const stored = readLocalCopy(userId, ['title', documentName]);
  return typeof stored === 'string' ? stored : null;
}

/** A request that never reached the server (no network), as opposed to one it answered. */
export function isNetworkFailure(failure: unknown): boolean {
  return !(failure instanceof RequestFailed) && (failure instanceof TypeError || !navigator.onLine);
}

const subscribeOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};

/** Whether the browser says it has a network, live. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

export const OFFLINE_NOTE = 'Offline: showing what this device last saw.';
