import type { Extension, onConnectPayload } from '@hocuspocus/server';
import { parseDocumentName } from '../../documents/document-name.js';
import type { Logger } from '../../platform/logger.js';
import { INVALID_DOCUMENT_NAME } from '../close-codes.js';
import type { CollabContext } from '../context.js';

/** Refuses a malformed document name before anything is loaded, and puts the parsed name in the context. */
export class DocumentNameGuard implements Extension {
  priority = 1000;

  constructor(private readonly logger: Logger) {}

  async onConnect({ documentName }: onConnectPayload): Promise<Partial<CollabContext>> {
    const parsed = parseDocumentName(documentName);
    if (!parsed.ok) {
      this.logger.info({ documentName, reason: parsed.reason }, 'refused a malformed document name');
      throw INVALID_DOCUMENT_NAME;
    }
    return { document: parsed.value };
  }
}
