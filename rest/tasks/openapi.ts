import { z } from 'zod';
import type { Operation } from '../openapi/operations.js';
import { addCommentBody, columnResponse, commentResponse, createColumnBody, createTaskBody, listColumnsQuery, listTasksQuery, moveTaskBody, taskPageResponse, taskResponse, updateColumnBody, updateTaskBody } from './schemas.js';

const task = '/api/tasks/{taskId}';
const common = { tag: 'tasks', auth: true } as const;

export const TASK_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/tasks', operationId: 'listTasks', summary: 'Tasks (cards) across your boards, filtered; cursor pagination (meta.next)', query: listTasksQuery, response: taskPageResponse, success: { status: 200, description: 'A page of tasks' } },
  { ...common, method: 'post', path: '/api/tasks', operationId: 'createTask', summary: 'Add a card to a board (the first open column unless columnId)', body: createTaskBody, response: taskResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The task' }, errors: ['ALREADY_EXISTS', 'INVALID_MOVE', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'post', path: '/api/tasks/move', operationId: 'moveTask', summary: 'Move a task within or between columns (beforeId, afterId or index)', body: moveTaskBody, response: taskResponse, etag: 'checks', idempotent: true, success: { status: 200, description: 'The moved task' }, errors: ['INVALID_MOVE', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'get', path: '/api/tasks/columns', operationId: 'listColumns', summary: "A board's columns in order", query: listColumnsQuery, response: z.array(columnResponse), success: { status: 200, description: 'Columns' } },
  { ...common, method: 'post', path: '/api/tasks/columns', operationId: 'createColumn', summary: 'Add a column to a board', body: createColumnBody, response: columnResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The column' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'put', path: '/api/tasks/columns/{columnId}', operationId: 'updateColumn', summary: 'Rename, reorder or (un)archive a column', body: updateColumnBody, response: columnResponse, etag: 'checks', success: { status: 200, description: 'The column' }, errors: ['DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'delete', path: '/api/tasks/columns/{columnId}', operationId: 'archiveColumn', summary: 'Archive a column (its cards stay; none may move in)', response: columnResponse, etag: 'checks', success: { status: 200, description: 'The archived column' } },
  { ...common, method: 'get', path: task, operationId: 'getTask', summary: 'One task', response: taskResponse, etag: 'returns', success: { status: 200, description: 'The task' } },
  { ...common, method: 'put', path: task, operationId: 'updateTask', summary: "Change a task's fields", body: updateTaskBody, response: taskResponse, etag: 'checks', success: { status: 200, description: 'The task' }, errors: ['DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'delete', path: task, operationId: 'archiveTask', summary: 'Archive a task (content kept; again is a no-op)', response: taskResponse, etag: 'checks', success: { status: 200, description: 'The archived task' } },
  { ...common, method: 'get', path: `${task}/comments`, operationId: 'listTaskComments', summary: "A task's comments, oldest first", response: z.array(commentResponse), success: { status: 200, description: 'Comments' } },
  { ...common, method: 'post', path: `${task}/comments`, operationId: 'addTaskComment', summary: 'Comment on a task, as yourself', body: addCommentBody, response: commentResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The comment' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
];
