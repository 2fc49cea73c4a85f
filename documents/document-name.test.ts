import { describe, expect, it } from 'vitest';
import { formatDocumentName, parseDocumentName } from './document-name.js';

describe('parseDocumentName', () => {
  it('parses each kind and round-trips through formatDocumentName', () => {
    for (const kind of ['kanban', 'calendar', 'pipeline', 'annotations'] as const) {
      const result = parseDocumentName(`${kind}:proj_1:board-2`);
      expect(result).toEqual({ ok: true, value: { kind, projectId: 'proj_1', id: 'board-2' } });
      if (result.ok) expect(formatDocumentName(result.value)).toBe(`${kind}:proj_1:board-2`);
    }
  });

  it.each([
    ['', 'form'],
    ['kanban', 'form'],
    ['kanban:p', 'form'],
    ['kanban:p:d:extra', 'form'],
    ['spreadsheet:p:d', 'unknown document kind'],
    ['Kanban:p:d', 'unknown document kind'],
    ['kanban::d', 'project id'],
    ['kanban:p:', 'document id'],
    ['kanban:p/../x:d', 'project id'],
    ['kanban:p:d d', 'document id'],
    [`kanban:p:${'x'.repeat(65)}`, 'document id'],
    [`kanban:${'p'.repeat(200)}:d`, 'at most'],
  ])('refuses %j with a reason naming the problem', (name, reason) => {
    const result = parseDocumentName(name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
