// One abort listener per caller signal, however many calls share it. Adding a listener per call
// makes Node print MaxListenersExceededWarning once more than 10 calls share a signal (as when one
// request handler's signal is passed to all the calls it makes), and costs a little each time.

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `listener` once when `signal` aborts; returns the function that unsubscribes it. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let set = subscribers.get(signal);
  if (!set) {
    const listeners = new Set<() => void>();
    set = listeners;
    subscribers.set(signal, listeners);
    signal.addEventListener(
      'abort',
      () => {
        subscribers.delete(signal);
        for (const notify of listeners) notify();
      },
      { once: true },
    );
  }
  const listeners = set;
  listeners.add(listener);
  return () => listeners.delete(listener);
}
