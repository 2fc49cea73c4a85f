import { useCallback, useEffect, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { ACCEPT_ANY } from '../assets/accepted-types.js';
import { AttachedFile } from '../assets/AttachedFile.js';
import { ChooseFiles } from '../assets/ChooseFiles.js';
import { UploadProgress } from '../assets/UploadProgress.js';
import type { AssetView } from '../assets/types.js';
import { useFileDrop } from '../assets/use-file-drop.js';
import { useUploads } from '../assets/use-uploads.js';
import { failureText } from '../components/failure-text.js';

/**
 * A request's uploaded files: dropped on the section (or chosen) they upload with a progress bar
 * and are attached once the server has verified them; each shows its thumbnail. Editors and up
 * attach and take off; everyone else sees them.
 */
export function RequestFiles({ projectId, requestId, canAttach }: { projectId: string; requestId: string; canAttach: boolean }) {
  const path = `/api/requests/${encodeURIComponent(requestId)}/attachments`;
  const [files, setFiles] = useState<AssetView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const uploads = useUploads(projectId);
  const load = useCallback(async () => {
    try {
      setFiles((await api<AssetView[]>('GET', path)).data);
    } catch (failure) {
      setError(failureText(failure, 'Could not load the files'));
    }
  }, [path]);
  useEffect(() => void load(), [load]);

  const attach = async (asset: AssetView) => {
    try {
      setFiles((await api<AssetView[]>('POST', path, { uploadedAssetId: asset.id })).data);
    } catch (failure) {
      const status = failure instanceof RequestFailed ? failure.status : 0;
      throw new RequestFailed(status, 'NOT_ATTACHED', `“${asset.name}” was uploaded but not attached to this request: ${failureText(failure)} It is kept in the project’s assets.`);
    }
  };
  const upload = (chosen: File[]) => uploads.start(chosen, { target: requestId, onVerified: attach, onSettled: () => void load() });
  const drop = useFileDrop(upload, canAttach);

  return (
    <section className={`request-files drop-zone${drop.dragging ? ' dragging' : ''}`} aria-label="Files" data-testid="request-files" {...drop.props}>
      <h2>Files ({files.length})</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <UploadProgress jobs={uploads.jobs} onCancel={uploads.cancel} onDismiss={uploads.dismiss} />
      {files.length > 0 && (
        <ul className="attached-files">
          {files.map((file) => (
            <AttachedFile
              key={file.id}
              projectId={projectId}
              assetId={file.id}
              onRemove={
                canAttach
                  ? async () => {
                      setFiles((await api<AssetView[]>('DELETE', `${path}/${encodeURIComponent(file.id)}`)).data);
                    }
                  : undefined
              }
            />
          ))}
        </ul>
      )}
      {canAttach && (
        <p className="muted small">
          Drop files here, or <ChooseFiles label="choose files" accept={ACCEPT_ANY} multiple onFiles={upload} className="link" testId="request-choose-files" />.
        </p>
      )}
    </section>
  );
}
