import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { AssetPreview } from './AssetPreview.js';
import { downloadOriginal } from './signed-download.js';
import { useAsset } from './use-asset.js';

/**
 * An uploaded file attached to a card or a request: its thumbnail (or a word for its state), its
 * name, which downloads it, and, for whoever may change the card or request, a button taking it off.
 */
export function AttachedFile({ projectId, assetId, onRemove }: { projectId: string; assetId: string; onRemove?: (() => Promise<void>) | undefined }) {
  const { asset, missing } = useAsset(projectId, assetId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = asset?.name ?? 'file';
  const act = async (what: () => Promise<void>, refusal: string) => {
    setError(null);
    setBusy(true);
    try {
      await what();
    } catch (failure) {
      setError(failureText(failure, refusal));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="attached-file uploaded-chip" data-testid="attached-file" data-asset={assetId} data-status={missing ? 'deleted' : (asset?.status ?? 'loading')}>
      {missing ? (
        <span className="muted">a deleted file</span>
      ) : (
        <>
          {asset && <AssetPreview projectId={projectId} asset={asset} size="tiny" />}
          <button type="button" className="link uploaded-chip-name" aria-label={`Download ${name}`} disabled={!asset} onClick={() => void act(() => downloadOriginal(projectId, assetId), 'Not downloaded')}>
            {name}
          </button>
          {asset && (asset.status === 'uploaded' || asset.status === 'processing') && <span className="uploaded-chip-state">processing…</span>}
        </>
      )}
      {onRemove && (
        <button type="button" className="link attached-file-remove" aria-label={`Take ${name} off`} disabled={busy} onClick={() => void act(onRemove, 'Not taken off')}>
          ×
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
