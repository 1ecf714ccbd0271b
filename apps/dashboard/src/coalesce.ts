/**
 * Runs `run` at once when asked after a quiet spell, and at most once every `everyMs` while asks keep
 * coming: the asks made meanwhile become one run at the end of the spell. For screens that re-read
 * what they show on live events (a busy organisation can send many a second).
 */
export function coalesced(run: () => void, everyMs: number): { request(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = false;
  const spell = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (!asked) return;
      asked = false;
      run();
      spell();
    }, everyMs);
  };
  return {
    request() {
      if (timer !== undefined) {
        asked = true;
        return;
      }
      run();
      spell();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      asked = false;
    },
  };
}
