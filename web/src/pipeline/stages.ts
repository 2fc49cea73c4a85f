import { STAGES, type Stage } from '../../../documents/pipeline/schema.js';
import { type Requirement, STAGE_REQUIREMENTS } from '../../../documents/pipeline/stages.js';

/** What each stage is called and, in plain words, what happens there (for people new to the studio's terms). */
export const STAGE_INFO: Record<Stage, { name: string; about: string }> = {
  idea: { name: 'Idea', about: 'Something worth making; a working title is enough.' },
  script: { name: 'Script', about: 'Write what happens and what is said: a brief or a linked script.' },
  'body-mirroring': { name: 'Body mirroring', about: 'Film the talent mirroring the reference video’s moves.' },
  production: { name: 'Production', about: 'Shoot and edit the real video, by its due date.' },
  review: { name: 'Review', about: 'Watch the cut and give feedback before it goes out.' },
};

const list = (requirements: readonly Requirement[]) => {
  const parts = requirements.map((requirement) => requirement.description);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
};

/**
 * What entering `stage` asks of an item, read from the model's table: later stages keep the
 * earlier needs, so each names only what it adds to the stage before it (the whole list where
 * it does not keep them all, should the table ever change that way).
 */
export function stageNeedsText(stage: Stage): string {
  const needs = STAGE_REQUIREMENTS[stage];
  const before = STAGES[STAGES.indexOf(stage) - 1];
  const earlier = before === undefined ? [] : STAGE_REQUIREMENTS[before];
  const keepsEarlier = earlier.length > 0 && earlier.every((need) => needs.some((own) => own.id === need.id));
  if (needs.length === 0) return 'Needs nothing to enter.';
  if (!keepsEarlier || before === undefined) return `Needs ${list(needs)}.`;
  const added = needs.filter((need) => !earlier.some((old) => old.id === need.id));
  if (added.length === 0) return `Needs what ${STAGE_INFO[before].name} needs.`;
  return `Needs what ${STAGE_INFO[before].name} needs, plus ${list(added)}.`;
}
