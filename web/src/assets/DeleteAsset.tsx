import { useEffect, useRef, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { type AttachedPlace, describePlaces, linksOf } from './attached-places.js';
import type { AssetView } from './types.js';

const PLACE_WORD: Record<AttachedPlace['kind'], string> = { 'pipeline-item': 'Item', card: 'Card', request: 'Request' };

type Question = { step: 'ask' } | { step: 'in-use'; places: AttachedPlace[] };

/**
 * Deleting a file, asked in place: first the plain question; when the server answers that the
 * file is attached to cards, pipeline items or requests (409 ASSET_IN_USE), where, and whether to
 * take it off all of those too. Nothing is deleted until one of the two buttons says so.
 */
export function DeleteAsset({ projectId, asset, onDeleted, onKeep }: { projectId: string; asset: AssetView; onDeleted: () => void; onKeep: () => void }) {
  const [question, setQuestion] = useState<Question>({ step: 'ask' });
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const forceButton = useRef<HTMLButtonElement>(null);
  // The Delete button is replaced by the new question's: the focus goes there rather than to the page.
  useEffect(() => {
    if (question.step === 'in-use') forceButton.current?.focus();
  }, [question.step]);
  const path = `/api/projects/${encodeURIComponent(projectId)}/assets/${encodeURIComponent(asset.id)}`;

  const remove = async (unlink: boolean) => {
    setWorking(true);
    setError(null);
    try {
      await api('DELETE', unlink ? `${path}?unlink=true` : path);
      onDeleted();
    } catch (failure) {
      if (failure instanceof RequestFailed && failure.code === 'ASSET_IN_USE') setQuestion({ step: 'in-use', places: await describePlaces(projectId, linksOf(failure.details)) });
      else setError(failureText(failure, 'The file was not deleted'));
      setWorking(false);
    }
  };

  return (
    <div className="confirm" role="alertdialog" aria-label={`Delete ${asset.name}?`} data-testid="delete-asset">
      {question.step === 'in-use' ? (
        <>
          <p>
            “{asset.name}” is attached to {question.places.length === 1 ? 'one place' : `${question.places.length} places`}:
          </p>
          <ul className="attached-places" data-testid="attached-places">
            {question.places.map((place) => (
              <li key={place.key} data-kind={place.kind}>
                {PLACE_WORD[place.kind]} <strong>{place.title}</strong> {place.kind === 'request' ? 'in' : 'on'} <a href={place.placeHref}>{place.placeTitle}</a>
              </li>
            ))}
          </ul>
          <p>Deleting it takes it off all of these, for everyone at once (a pipeline stage that needs it will say so again).</p>
        </>
      ) : (
        <p>Delete “{asset.name}”? The file and its previews are removed for good.</p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="confirm-buttons">
        {question.step === 'in-use' ? (
          <button ref={forceButton} type="button" className="button danger" disabled={working} onClick={() => void remove(true)}>
            Take it off everywhere and delete
          </button>
        ) : (
          <button type="button" className="button danger" disabled={working} onClick={() => void remove(false)}>
            Delete
          </button>
        )}
        <button type="button" className="button" disabled={working} onClick={onKeep}>
          Keep
        </button>
      </div>
    </div>
  );
}
