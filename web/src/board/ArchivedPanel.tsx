import { type BoardView, archiveCard, archiveColumn } from '../../../documents/kanban/board.js';
import { useBoard } from './context.js';

/** What was archived on this board, columns and cards, each with Restore (for those who may edit). */
export function ArchivedPanel({ board }: { board: BoardView }) {
  const { doc, readOnly, run, announce } = useBoard();
  const columns = board.columns.filter((column) => column.archived);
  const cards = board.columns.flatMap((column) => column.cards.filter((card) => card.archived).map((card) => ({ card, column })));
  return (
    <section id="board-archived" className="archived panel" data-testid="archived-panel" aria-label="Archived">
      <div className="archived-group">
        <h3>Archived columns</h3>
        {columns.length === 0 ? (
          <p className="muted small">None.</p>
        ) : (
          <ul className="archived-list">
            {columns.map((column) => (
              <li key={column.id} data-testid={`archived-column-${column.id}`} data-title={column.title}>
                <span className="archived-name">{column.title || 'Untitled'}</span>
                <span className="muted small">
                  {column.cards.length} card{column.cards.length === 1 ? '' : 's'}
                </span>
                {!readOnly && (
                  <button type="button" className="button small" aria-label={`Restore column ${column.title}`} onClick={() => run(() => archiveColumn(doc, column.id, false)) && announce(`Restored the column “${column.title}”.`)}>
                    Restore
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="archived-group">
        <h3>Archived cards</h3>
        {cards.length === 0 ? (
          <p className="muted small">None.</p>
        ) : (
          <ul className="archived-list">
            {cards.map(({ card, column }) => (
              <li key={card.id} data-testid={`archived-card-${card.id}`} data-title={card.title}>
                <span className="archived-name">{card.title || 'Untitled'}</span>
                <span className="muted small">
                  in {column.title}
                  {column.archived ? ' (archived column)' : ''}
                </span>
                {!readOnly && (
                  <button type="button" className="button small" aria-label={`Restore card ${card.title}`} onClick={() => run(() => archiveCard(doc, card.id, false)) && announce(`Restored “${card.title}” to ${column.title}.`)}>
                    Restore
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
