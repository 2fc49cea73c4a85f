import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { sinceText } from '../time-text.js';
import { kindText } from './accepted-types.js';
import { AssetPreview } from './AssetPreview.js';
import { bytesText } from './bytes-text.js';
import { DeleteAsset } from './DeleteAsset.js';
import { downloadOriginal } from './signed-download.js';
import { type AssetView, isDownloadable } from './types.js';

const STATUS_TEXT: Record<AssetView['status'], string> = { pending: 'Uploading', uploaded: 'Waiting for preview', processing: 'Processing', ready: 'Ready', failed: 'Failed' };

/** One file of the project: preview, name, kind and size, state, who and when; download for everyone, delete for its uploader or an admin. */
export function AssetRow({ projectId, asset, uploader, now, canDelete, onDeleted }: { projectId: string; asset: AssetView; uploader: string; now: number; canDelete: boolean; onDeleted: () => void }) {
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      await downloadOriginal(projectId, asset.id);
    } catch (failure) {
      setError(failureText(failure, 'The file could not be downloaded'));
    }
  };
  const type = asset.type ?? asset.declaredType;
  const facts = [kindText(type), asset.size === null ? null : bytesText(asset.size), asset.preview.durationSeconds === null ? null : `${asset.preview.durationSeconds.toFixed(1)} s`, asset.preview.width && asset.preview.height ? `${asset.preview.width}×${asset.preview.height}` : null].filter(Boolean);

  return (
    <li className="asset-row" data-testid="asset-row" data-name={asset.name} data-status={asset.status}>
      <AssetPreview projectId={projectId} asset={asset} />
      <div className="asset-about">
        <span className="asset-name">{asset.name}</span>
        <span className="asset-facts">
          {facts.join(' · ')}
          <span className={`state state-asset-${asset.status}`} data-testid="asset-status">
            {STATUS_TEXT[asset.status]}
          </span>
        </span>
        {asset.status === 'failed' && asset.reason && <span className="asset-reason">{asset.reason}</span>}
        <span className="asset-who">
          {uploader} · <time dateTime={asset.createdAt}>{sinceText(asset.createdAt, now)}</time>
        </span>
      </div>
      <div className="asset-actions">
        {isDownloadable(asset) && (
          <button type="button" className="button small" aria-label={`Download ${asset.name}`} onClick={() => void download()}>
            Download
          </button>
        )}
        {canDelete && !deleting && (
          <button type="button" className="button small danger-outline" aria-label={`Delete ${asset.name}`} onClick={() => setDeleting(true)}>
            Delete
          </button>
        )}
      </div>
      {error && (
        <p className="error asset-row-error" role="alert">
          {error}
        </p>
      )}
      {deleting && <DeleteAsset projectId={projectId} asset={asset} onDeleted={onDeleted} onKeep={() => setDeleting(false)} />}
    </li>
  );
}
