import { AttachedFile } from '../assets/AttachedFile.js';
import { UploadProgress } from '../assets/UploadProgress.js';
import type { UploadJob } from '../assets/use-uploads.js';
import { cardFileIds, detachFileFromCard } from './card-files.js';
import { useBoard } from './context.js';
import type { CardEntry } from '../../../documents/kanban/schema.js';

/** A card's files: each upload dropped on it with its progress, then each attached file with its thumbnail. */
export function CardFiles({ cardId, links, jobs }: { cardId: string; links: CardEntry['links']; jobs: UploadJob[] }) {
  const { doc, readOnly, run, projectId, uploads, guest } = useBoard();
  const ids = cardFileIds(links);
  if (ids.length === 0 && jobs.length === 0) return null;
  // The project's files are closed to a guest: say they are there rather than show each as deleted.
  if (guest) {
    return (
      <p className="muted small" data-testid={`card-files-${cardId}`}>
        {ids.length === 1 ? '1 file' : `${ids.length} files`}, for project members only
      </p>
    );
  }
  return (
    <div className="card-files" data-testid={`card-files-${cardId}`}>
      <UploadProgress jobs={jobs} onCancel={uploads.cancel} onDismiss={uploads.dismiss} />
      {ids.length > 0 && (
        <ul className="attached-files" aria-label="Files">
          {ids.map((id) => (
            <AttachedFile key={id} projectId={projectId} assetId={id} onRemove={readOnly ? undefined : async () => void run(() => detachFileFromCard(doc, cardId, id))} />
          ))}
        </ul>
      )}
    </div>
  );
}
