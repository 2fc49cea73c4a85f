import { type Extension, Hocuspocus, type HookName, type HookPayloadByName } from '@hocuspocus/server';

type HookCallback = (...args: unknown[]) => unknown;

/** What running no hooks settles to, shared: most hooks of an update message have no extension. */
const NOTHING_TO_RUN: Promise<unknown> = Promise.resolve();

/**
 * Hocuspocus with its hook dispatch kept per hook name. Every update message runs four hooks
 * (before and after handling it, before sync, on change), and Hocuspocus finds the extensions
 * that have each one by scanning all of them every time: with fifteen extensions that scan was
 * ~2 % of a busy server's CPU, for hooks most of which no extension has. The list is worked out
 * once per hook (again if the extensions are configured anew); running the hooks is unchanged:
 * in priority order, one after another, a throw logged and passed on.
 */
export class StudioHocuspocus<Context = unknown> extends Hocuspocus<Context> {
  private dispatch: { extensions: readonly Extension[]; byHook: Map<HookName, Extension[]> } | undefined;

  override hooks<T extends HookName>(name: T, payload: HookPayloadByName<Context>[T], callback: HookCallback | null = null): Promise<unknown> {
    const extensions = this.configuration.extensions;
    if (this.dispatch?.extensions !== extensions) this.dispatch = { extensions, byHook: new Map() };
    let having = this.dispatch.byHook.get(name);
    if (!having) {
      having = extensions.filter((extension) => typeof extension[name] === 'function');
      this.dispatch.byHook.set(name, having);
    }
    if (having.length === 0) return NOTHING_TO_RUN;
    let chain: Promise<unknown> = NOTHING_TO_RUN;
    for (const extension of having) {
      chain = chain
        .then(() => (extension[name] as ((payload: HookPayloadByName<Context>[T]) => unknown) | undefined)?.call(extension, payload))
        .catch((error: unknown) => {
          // As Hocuspocus reports a failing hook (it is then passed on to whoever ran the hooks).
          const message = (error as { message?: unknown } | null | undefined)?.message;
          if (message) console.error(`[${name}]`, message);
          throw error;
        });
      if (callback) chain = chain.then((...args: unknown[]) => callback(...args));
    }
    return chain;
  }
}
