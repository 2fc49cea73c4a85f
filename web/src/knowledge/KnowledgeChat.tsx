import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { type Citation, streamChat } from './chat-stream.js';

interface Turn {
  question: string;
  answer: string;
  mode: string | null;
  citations: Citation[];
  error: string | null;
}

/** Questions about the project's documents; each answer streams in, and its citations open the passage in the reader. */
export function KnowledgeChat({ projectId, documentId, onCite }: { projectId: string; documentId: string | null; onCite: (citation: Citation) => void }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);

  const ask = async () => {
    const text = question.trim();
    if (!text || busy) return;
    setQuestion('');
    setBusy(true);
    const update = (change: (turn: Turn) => Turn) => setTurns((all) => [...all.slice(0, -1), change(all.at(-1)!)]);
    setTurns((all) => [...all, { question: text, answer: '', mode: null, citations: [], error: null }]);
    try {
      await streamChat({ projectId, ...(documentId ? { documentId } : {}), message: text }, (event) => {
        if (event.event === 'start') update((t) => ({ ...t, mode: event.data.mode }));
        else if (event.event === 'delta') update((t) => ({ ...t, answer: t.answer + event.data.text }));
        else if (event.event === 'citations') update((t) => ({ ...t, citations: event.data.citations }));
        else if (event.event === 'done') update((t) => ({ ...t, mode: event.data.mode }));
        else update((t) => ({ ...t, error: `${event.data.message} (${event.data.code})` }));
      });
    } catch (failure) {
      update((t) => ({ ...t, error: failureText(failure) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="knowledge-chat" data-testid="knowledge-chat">
      <h2>Ask {documentId ? 'this document' : 'the project’s documents'}</h2>
      <ol className="knowledge-turns">
        {turns.map((turn, i) => (
          <li key={i}>
            <p className="knowledge-question">{turn.question}</p>
            {turn.mode === 'extractive' && <p className="knowledge-label">Quotes from your documents (no AI model is configured)</p>}
            <p className="knowledge-answer" data-testid="knowledge-answer">{turn.answer || (busy && i === turns.length - 1 ? '…' : '')}</p>
            {turn.error && <p className="error" role="alert">{turn.error}</p>}
            {turn.citations.length > 0 && (
              <ul className="knowledge-citations">
                {turn.citations.map((c) => (
                  <li key={`${c.chunkId}-${c.index}`}>
                    <button type="button" className="link" onClick={() => onCite(c)} data-testid="knowledge-citation">
                      [{c.index}] {c.documentTitle}
                      {c.page !== null ? `, page ${c.page}` : ''}
                      {c.heading ? `, ${c.heading}` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void ask();
        }}
      >
        <textarea aria-label="Your question" value={question} maxLength={4000} onChange={(event) => setQuestion(event.target.value)} />
        <button type="submit" disabled={busy || !question.trim()}>
          Ask
        </button>
      </form>
    </aside>
  );
}
