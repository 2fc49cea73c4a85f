import { z } from 'zod';
import type { ProjectWithRole } from '../../operations/projects/get-project.js';
import { PROJECT_ROLES } from '../../identity/roles.js';
import { userText } from '../text.js';

const projectName = userText().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const projectDescription = userText().trim().max(2000, 'must be at most 2000 characters');
export const createProjectBody = z.object({ name: projectName, description: projectDescription.default('') }).strict();
export const updateProjectBody = z
  .object({ name: projectName.optional(), description: projectDescription.optional() })
  .strict()
  .refine((value) => value.name !== undefined || value.description !== undefined, 'give name or description');

/** A project as a member sees it, with their own role in it. */
export const projectResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  createdBy: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  role: z.enum(PROJECT_ROLES),
});
/** A page of projects (meta has total, page, limit). */
export const projectListResponse = z.array(projectResponse);
export const deletedProjectResponse = z.object({ id: z.uuid(), deleted: z.literal(true) });

export function presentProject(project: ProjectWithRole): z.output<typeof projectResponse> {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    createdBy: project.createdBy,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
    role: project.role,
  };
}
