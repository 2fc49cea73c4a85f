/**
 * Order helpers. The model's indexes count every sibling (archived ones too) except the item
 * moved, while people see only what is not archived: these turn "before/after that visible one"
 * into the model's index.
 */
interface Identified {
  id: string;
}

/** The index that puts `selfId` just before `beforeId` (at the end when null or not found). */
export function indexBefore(all: readonly Identified[], selfId: string, beforeId: string | null): number {
  const others = all.filter((item) => item.id !== selfId);
  const at = beforeId === null ? -1 : others.findIndex((item) => item.id === beforeId);
  return at < 0 ? others.length : at;
}

/** The index that puts `selfId` just after `afterId` (at the end when not found). */
export function indexAfter(all: readonly Identified[], selfId: string, afterId: string): number {
  const others = all.filter((item) => item.id !== selfId);
  const at = others.findIndex((item) => item.id === afterId);
  return at < 0 ? others.length : at + 1;
}
