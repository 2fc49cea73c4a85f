import type { Extension, afterLoadDocumentPayload, afterUnloadDocumentPayload, onChangePayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { DocumentSizes } from '../limits.js';

/** Keeps each loaded document's size current for the size limit the WebSocket bridge enforces. */
export class DocumentSizeTracking implements Extension {
  priority = 600;

  constructor(private readonly sizes: DocumentSizes) {}

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    this.sizes.set(documentName, Y.encodeStateAsUpdate(document).byteLength);
  }

  async onChange({ documentName, update }: onChangePayload): Promise<void> {
    this.sizes.grow(documentName, update.byteLength);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.sizes.forget(documentName);
  }
}
