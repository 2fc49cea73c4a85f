import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { readBoard } from '../../../documents/kanban/board.js';
import { ArchivedPanel } from '../board/ArchivedPanel.js';
import { AddColumn } from '../board/AddColumn.js';
import { Column } from '../board/Column.js';
import { BoardContext, type BoardTools } from '../board/context.js';
import { useDocumentView } from '../collab.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { useMe } from '../me.js';
import { useMembers } from '../members.js';
import { useUploads } from '../assets/use-uploads.js';

/**
 * A Kanban board: columns to add, rename, reorder and archive; cards to drag (or move with
 * Alt+arrows), open and edit in place, with due dates, assignees, coloured labels and comments.
 * Every action is a board operation on the shared document; nothing waits for a server.
 */
export function BoardView({ doc, readOnly, projectId, guest }: { doc: Y.Doc; readOnly: boolean; projectId: string; guest: boolean }) {
  const board = useDocumentView(doc, readBoard);
  const { members, nameOf } = useMembers(guest ? null : projectId);
  const me = useMe();
  const { error, run, dismiss } = useOperation();
  const uploads = useUploads(projectId);
  const [editing, setEditing] = useState<string | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const focusTarget = useRef<string | null>(null);

  // A card moved with the keyboard keeps the focus, wherever it went.
  useLayoutEffect(() => {
    const cardId = focusTarget.current;
    if (!cardId) return;
    const title = document.querySelector<HTMLElement>(`[data-testid="card-${CSS.escape(cardId)}"] .card-title`);
    if (!title) return;
    focusTarget.current = null;
    if (document.activeElement !== title) title.focus();
  });

  const focusCardSoon = useCallback((cardId: string | null) => {
    focusTarget.current = cardId;
  }, []);
  const tools = useMemo<BoardTools>(
    () => ({ doc, readOnly, run, members, nameOf, me, announce: setAnnouncement, focusCardSoon, projectId, guest, uploads }),
    // nameOf is new on every render of useMembers but reads only `members`, so it changes when they do.
    [doc, readOnly, run, members, me, focusCardSoon, projectId, guest, uploads],
  );

  const columns = board.columns.filter((column) => !column.archived);
  const archivedCount = board.columns.filter((column) => column.archived).length + board.columns.reduce((count, column) => count + column.cards.filter((card) => card.archived).length, 0);

  return (
    <BoardContext.Provider value={tools}>
      <OperationError error={error} onDismiss={dismiss} />
      <div className="board-toolbar">
        <button type="button" className={`button${showArchived ? ' active' : ''}`} data-testid="archived-toggle" aria-expanded={showArchived} aria-controls="board-archived" onClick={() => setShowArchived(!showArchived)}>
          Archived ({archivedCount})
        </button>
        {!readOnly && <span className="muted small board-hint">Tip: focus a card and press Alt + arrow keys to move it.</span>}
      </div>
      {showArchived && <ArchivedPanel board={board} />}
      <p className="visually-hidden" aria-live="polite" role="status" data-testid="board-announcer">
        {announcement}
      </p>
      <div className="board" data-testid="board">
        {columns.map((column) => (
          <Column key={column.id} column={column} board={board} editing={editing} onEdit={setEditing} />
        ))}
        {!readOnly && <AddColumn />}
      </div>
    </BoardContext.Provider>
  );
}
