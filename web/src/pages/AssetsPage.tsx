import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { ACCEPT_ANY, ACCEPTED_TYPES_TEXT } from '../assets/accepted-types.js';
import { AssetRow } from '../assets/AssetRow.js';
import { ChooseFiles } from '../assets/ChooseFiles.js';
import { type AssetView, isSettled } from '../assets/types.js';
import { UploadProgress } from '../assets/UploadProgress.js';
import { useFileDrop } from '../assets/use-file-drop.js';
import { useUploads } from '../assets/use-uploads.js';
import { failureText } from '../components/failure-text.js';
import { useMe } from '../me.js';
import { useMembers } from '../members.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import { useNow } from '../time-text.js';

const PAGE_SIZE = 50;
/** While someone's file is still being processed, the list is read again this often so its preview appears. */
const REFRESH_MS = 3_000;
/** Uploads made on this page, as opposed to those started from a pipeline item. */
const PROJECT_UPLOADS = 'project';

/**
 * The project's files, newest first: a preview, name, kind and size, state, who uploaded it and
 * when; download for every member. Editors and up also upload (a button or a drop on the page's
 * drop zone, each file with its own progress bar) and delete their own files (admins any), asked
 * in place, with where a file is attached when it is.
 */
export function AssetsPage({ projectId }: { projectId: string }) {
  const me = useMe();
  const { project, error: projectError, canManage, canWrite } = useProject(projectId);
  const { nameOf } = useMembers(projectId);
  const now = useNow();
  const [assets, setAssets] = useState<AssetView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const uploads = useUploads(projectId);

  const load = useCallback(async () => {
    try {
      // Every page shown so far, so a refresh keeps what "Show more" revealed; newer files shift
      // older ones to later pages, so one seen twice is listed once.
      const found = new Map<string, AssetView>();
      let count = 0;
      for (let page = 1; page <= pages; page += 1) {
        const reply = await api<AssetView[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/assets?page=${page}&limit=${PAGE_SIZE}`);
        for (const asset of reply.data) found.set(asset.id, asset);
        count = reply.meta?.total ?? found.size;
        if (reply.data.length < PAGE_SIZE) break;
      }
      setAssets([...found.values()]);
      setTotal(count);
      setError(null);
    } catch (failure) {
      setError(failureText(failure, 'The files could not be loaded'));
    }
  }, [projectId, pages]);
  useEffect(() => {
    void load();
  }, [load]);
  const unsettled = assets?.some((asset) => !isSettled(asset.status) && asset.status !== 'pending') ?? false;
  useEffect(() => {
    if (!unsettled) return;
    const timer = setTimeout(() => void load(), REFRESH_MS);
    return () => clearTimeout(timer);
  }, [unsettled, assets, load]);

  const upload = (files: File[]) => uploads.start(files, { target: PROJECT_UPLOADS, onSettled: () => void load() });
  const drop = useFileDrop(upload, canWrite);
  // Uploads not yet completed are the uploader's own business: the list shows files once they arrived.
  const shown = (assets ?? []).filter((asset) => asset.status !== 'pending');
  const uploaderName = (asset: AssetView) => (asset.uploadedBy.userId ? (asset.uploadedBy.userId === me.id ? 'You' : nameOf(asset.uploadedBy.userId)) : 'An API key');

  return (
    <section className="page assets-page" {...drop.props}>
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Assets</h1>
      </div>
      {projectError && (
        <p className="error" role="alert">
          {projectError}
        </p>
      )}
      <p className="muted">
        {canWrite
          ? 'Images, videos and PDFs of this project. Attach a video to a pipeline item from its card (“Upload the cut”), so the Review stage counts it.'
          : 'Images, videos and PDFs of this project, to download. Its editors upload and delete them.'}
      </p>
      {canWrite && (
        <div className={`drop-zone${drop.dragging ? ' dragging' : ''}`} data-testid="drop-zone">
          <p>Drop files here to upload them, or</p>
          <ChooseFiles label="Choose files" accept={ACCEPT_ANY} multiple onFiles={upload} className="button primary" testId="choose-files" />
          <p className="muted small">{ACCEPTED_TYPES_TEXT}.</p>
        </div>
      )}
      <UploadProgress jobs={uploads.jobs.filter((job) => job.target === PROJECT_UPLOADS)} onCancel={uploads.cancel} onDismiss={uploads.dismiss} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {/* Once the role is known too: the text differs for those who may upload. */}
      {assets && project && shown.length === 0 && (
        <p className="empty-state" data-testid="no-assets">
          {canWrite ? 'No files yet. Drop images, videos or PDFs on this page, or press “Choose files”: each one gets a preview here once it is processed.' : 'No files yet. An editor of this project can upload images, videos and PDFs here.'}
        </p>
      )}
      {!assets && !error && (
        <p className="loading" role="status">
          Loading the files…
        </p>
      )}
      {shown.length > 0 && (
        <ul className="asset-list" aria-label="Files">
          {shown.map((asset) => (
            <AssetRow
              key={asset.id}
              projectId={projectId}
              asset={asset}
              uploader={uploaderName(asset)}
              now={now}
              canDelete={canManage || (canWrite && asset.uploadedBy.userId === me.id)}
              onDeleted={() => void load()}
            />
          ))}
        </ul>
      )}
      {assets && assets.length < total && (
        <button type="button" className="button" onClick={() => setPages((count) => count + 1)}>
          Show more
        </button>
      )}
    </section>
  );
}
