import { useState } from 'react';
import { type ItemView, addAsset, removeAsset } from '../../../documents/pipeline/pipeline.js';
import type { AssetEntry } from '../../../documents/pipeline/schema.js';
import { uploadedAssetIdOf } from '../assets/attach-to-item.js';
import { UploadedAssetChip } from '../assets/UploadedAssetChip.js';
import { OperationError, useOperation } from '../components/operation-error.js';
import { type Draft, SharedText } from '../components/SharedText.js';
import { LIMITS } from '../limits.js';
import { useMe } from '../me.js';
import { newId, usePipeline } from './context.js';

/** Whether `value` is a link a browser can open safely from a chip: http or https only (never `javascript:`). */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The link without its scheme, short enough for a chip; the full one is the chip's title. */
function shortLink(value: string): string {
  try {
    const url = new URL(value);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search}`;
  } catch {
    return value;
  }
}

export interface AddLink {
  /** The field's form name (tests and autofill find it by this). */
  name: string;
  label: string;
  kind: AssetEntry['kind'];
  /** The asset's name, as the REST API and other clients show it. */
  assetName: string;
}

/**
 * Some of an item's assets as chips (a web link opens in a new tab, an uploaded file shows its
 * preview and downloads; × removes it from the item, the file stays in the project's assets) and, with
 * `add`, a field that adds a link as an asset of that kind. A link that is not http(s) is
 * refused with a message and stays in the field to be corrected.
 */
export function AssetLinks({ item, assets, listLabel, add }: { item: ItemView; assets: AssetEntry[]; listLabel: string; add?: AddLink }) {
  const { doc, readOnly, focusSoon, projectId, guest } = usePipeline();
  const me = useMe();
  const { error, run, dismiss, setError } = useOperation();
  const [draft, setDraft] = useState<Draft>(null);

  const addLink = (typed: string) => {
    if (!add) return true;
    const url = typed.trim();
    if (!url || assets.some((asset) => asset.url === url)) return true;
    if (!isWebAddress(url)) {
      setError(`Not added: “${url}” is not a web link. Links start with http:// or https://.`);
      return false;
    }
    return run(() => addAsset(doc, { id: newId(), itemId: item.id, kind: add.kind, name: add.assetName, url, addedBy: me.id, addedAt: new Date().toISOString() }));
  };
  const remove = (asset: AssetEntry) => {
    // The button goes with its chip: the focus stays in this list's field rather than falling to the page.
    if (run(() => removeAsset(doc, asset.id)) && add) focusSoon(`[data-testid="editor-${CSS.escape(item.id)}"] [name="${add.name}"]`);
  };

  return (
    <div className="asset-links">
      {add && (
        <SharedText
          name={add.name}
          label={add.label}
          disabled={readOnly}
          limit={LIMITS.assetUrl}
          value=""
          placeholder="https://…"
          draft={draft}
          onDraft={(next) => {
            setDraft(next);
            dismiss();
          }}
          onCommit={addLink}
        />
      )}
      {assets.length > 0 && (
        <ul className="chips" aria-label={listLabel} data-testid={`links-${add?.name ?? 'other'}`}>
          {assets.map((asset) => {
            const shown = isWebAddress(asset.url) ? shortLink(asset.url) : asset.name || asset.url;
            const uploadedId = uploadedAssetIdOf(asset.url);
            return (
              <li key={asset.id} className={`chip asset-chip${uploadedId ? ' uploaded' : ''}`} title={uploadedId ? undefined : `${asset.name ? `${asset.name}: ` : ''}${asset.url}`}>
                {/* The project's files are closed to a guest: the name alone, not a chip that would call it deleted. */}
                {uploadedId && guest ? (
                  <span>{shown}</span>
                ) : uploadedId ? (
                  <UploadedAssetChip projectId={projectId} assetId={uploadedId} name={shown} />
                ) : isWebAddress(asset.url) ? (
                  <a href={asset.url} target="_blank" rel="noreferrer noopener">
                    {shown}
                  </a>
                ) : (
                  <span>{shown}</span>
                )}
                {!readOnly && (
                  <button type="button" className="chip-remove" aria-label={`Remove ${shown}`} onClick={() => remove(asset)}>
                    ×
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <OperationError error={error} onDismiss={dismiss} />
    </div>
  );
}
