import { useEffect, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { type AssetView, isSettled } from './types.js';

const POLL_MS = 2_000;

/**
 * One uploaded file as the server has it, read again every two seconds until processing has
 * finished (a preview appears on its own). `missing` when it was deleted or is not this project's.
 */
export function useAsset(projectId: string, assetId: string): { asset: AssetView | null; missing: boolean } {
  const [asset, setAsset] = useState<AssetView | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const found = (await api<AssetView>('GET', `/api/projects/${encodeURIComponent(projectId)}/assets/${encodeURIComponent(assetId)}`)).data;
        if (!live) return;
        setAsset(found);
        setMissing(false);
        if (!isSettled(found.status)) timer = setTimeout(() => void read(), POLL_MS);
      } catch (failure) {
        if (!live) return;
        if (failure instanceof RequestFailed && failure.status === 404) setMissing(true);
        // Offline or a passing failure: the chip keeps its name; a later render tries again.
      }
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [projectId, assetId]);
  return { asset, missing };
}
