import { useCallback, useEffect, useState } from 'react';
import { parseRoute, routeHash, type Route } from '../route.ts';

/**
 * The screen named by the URL hash; `navigate` changes both, so back and forward work. With
 * `replace` it rewrites the current history entry instead of adding one (the open incident: the
 * link names it, but browsing incidents does not fill the back button).
 */
export function useHashRoute(): [Route, (route: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const hash = routeHash(next);
    if (window.location.hash !== hash) {
      if (options.replace) window.history.replaceState(window.history.state, '', hash);
      else window.location.hash = hash;
    }
    setRoute(next);
  }, []);
  return [route, navigate];
}
