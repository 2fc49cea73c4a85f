import { useState } from 'react';
import { failureText } from '../components/failure-text.js';
import { AssetPreview } from './AssetPreview.js';
import { downloadOriginal } from './signed-download.js';
import { useAsset } from './use-asset.js';

/**
 * What a chip shows for an uploaded file attached to an item: its thumbnail or poster once
 * processing made one (a word for its state before that), and its name, which downloads it.
 */
export function UploadedAssetChip({ projectId, assetId, name }: { projectId: string; assetId: string; name: string }) {
  const { asset, missing } = useAsset(projectId, assetId);
  const [error, setError] = useState<string | null>(null);
  if (missing) return <span className="muted">{name} (deleted)</span>;
  const download = async () => {
    setError(null);
    try {
      await downloadOriginal(projectId, assetId);
    } catch (failure) {
      setError(failureText(failure, 'Not downloaded'));
    }
  };
  return (
    <span className="uploaded-chip" data-testid="uploaded-chip" data-status={asset?.status ?? 'loading'}>
      {asset && <AssetPreview projectId={projectId} asset={asset} size="tiny" />}
      <button type="button" className="link uploaded-chip-name" aria-label={`Download ${name}`} onClick={() => void download()}>
        {name}
      </button>
      {asset && (asset.status === 'uploaded' || asset.status === 'processing') && <span className="uploaded-chip-state">processing…</span>}
      {asset?.status === 'failed' && <span className="uploaded-chip-state">no preview</span>}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
