import { createContext, useContext } from 'react';
import type { User } from './session.js';

export const MeContext = createContext<User>({ id: '', email: '', name: '' });

/** The signed-in user, for authorship of comments and threads. */
export function useMe(): User {
  return useContext(MeContext);
}
