import type { ItemView } from '../../../documents/pipeline/pipeline.js';
import { attachToItem } from '../assets/attach-to-item.js';
import { usePipeline } from './context.js';

/** Uploads files for one item: each is attached to it as soon as the server has verified it (its preview follows). */
export function useItemUploads(item: ItemView) {
  const { projectId, pipelineId, uploads, readOnly, guest } = usePipeline();
  const target = item.id;
  return {
    jobs: uploads.jobs.filter((job) => job.target === target),
    canUpload: !readOnly && !guest,
    upload: (files: File[]) => uploads.start(files, { target, onVerified: (asset) => attachToItem({ projectId, pipelineId, item }, asset) }),
    cancel: uploads.cancel,
    dismiss: uploads.dismiss,
  };
}
