import { createContext, useContext } from 'react';
import type * as Y from 'yjs';
import type { Uploads } from '../assets/use-uploads.js';
import type { ProjectMember } from '../members.js';
import type { User } from '../session.js';

/** What every part of a board needs: the document, whether it may change, and how to run and announce changes. */
export interface BoardTools {
  doc: Y.Doc;
  readOnly: boolean;
  /** Runs a model operation; a refusal becomes the board's error message. Whether it went through. */
  run: (operation: () => void) => boolean;
  members: ProjectMember[];
  nameOf: (userId: string) => string;
  me: User;
  /** Says something to screen readers (the board's live region). */
  announce: (text: string) => void;
  /** Focuses this card's title after the next render (a move may put it in another column); null forgets it. */
  focusCardSoon: (cardId: string | null) => void;
  /** The board's project, and its uploads: a file dropped on a card is uploaded here and attached to the card. */
  projectId: string;
  /** A guest of this one document: the project's members and files are closed to them, so no picking people or uploading. */
  guest: boolean;
  uploads: Uploads;
}

export const BoardContext = createContext<BoardTools | null>(null);

export function useBoard(): BoardTools {
  const tools = useContext(BoardContext);
  if (!tools) throw new Error('a board part outside a board');
  return tools;
}

export const newId = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);
