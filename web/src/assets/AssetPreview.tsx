import { useEffect, useState } from 'react';
import { kindText } from './accepted-types.js';
import { forgetSignedDownload, signedDownload } from './signed-download.js';
import { type AssetView, previewVariantOf } from './types.js';

/**
 * A file's thumbnail (or a video's poster) once processing made one, through a signed URL; before
 * that, or for a file without a preview, a tile that says what kind of file it is. The image is
 * decorative: the file's name is always written beside it.
 */
export function AssetPreview({ projectId, asset, size = 'small' }: { projectId: string; asset: AssetView; size?: 'small' | 'tiny' }) {
  const variant = previewVariantOf(asset);
  const [url, setUrl] = useState<string | null>(null);
  const [retried, setRetried] = useState(false);
  useEffect(() => {
    setUrl(null);
    if (!variant) return;
    let live = true;
    signedDownload(projectId, asset.id, variant)
      .then((signed) => live && setUrl(signed.url))
      .catch(() => live && setUrl(null));
    return () => {
      live = false;
    };
  }, [projectId, asset.id, variant, retried]);

  if (variant && url) {
    return (
      <img
        className={`asset-preview ${size}`}
        src={url}
        alt=""
        data-testid="asset-preview"
        data-variant={variant}
        loading="lazy"
        onError={() => {
          // An expired URL: sign one more, once; a file that is gone stays a plain tile.
          forgetSignedDownload(asset.id, variant);
          if (!retried) setRetried(true);
          else setUrl(null);
        }}
      />
    );
  }
  return (
    <span className={`asset-preview placeholder ${size}`} aria-hidden="true" data-testid="asset-placeholder">
      {kindText(asset.type ?? asset.declaredType)}
    </span>
  );
}
