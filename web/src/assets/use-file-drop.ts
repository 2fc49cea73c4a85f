import { type DragEvent, useRef, useState } from 'react';

/** Whether a drag carries files from the desktop (not a card being moved, nor text). */
export const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

/**
 * Makes an element a place to drop files: `dragging` while files are held over it (to outline it),
 * and `onFiles` with what was dropped. Other drags (moving a card) pass through untouched, so the
 * same element can still take those. Disabled, files dropped here are not taken (nor opened by the browser).
 */
export function useFileDrop(onFiles: (files: File[]) => void, enabled: boolean) {
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them, so the outline does not flicker.
  const depth = useRef(0);
  const props = {
    onDragEnter: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current += 1;
      if (enabled) setDragging(true);
    },
    onDragLeave: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    },
    onDrop: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      depth.current = 0;
      setDragging(false);
      if (enabled && event.dataTransfer.files.length > 0) onFiles(Array.from(event.dataTransfer.files));
    },
  };
  return { dragging, props };
}
