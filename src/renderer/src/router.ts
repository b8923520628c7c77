import { useEffect, useState } from 'react';

// A tiny hash router: "#/payments/42" -> ['payments', '42']. The hash keeps Back/Forward and a
// reload on the same screen, with no server routes to configure (file:// in Electron). A screen's
// state (a list's search, filters, sort and page) rides in the hash's query, "#/payments?tab=Paid
// &q=oak": back, a reload and a second window with the same address show the same view.

const ROUTE_EVENT = 'paydesk:route';

function parts(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean);
}

function params(): URLSearchParams {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

function useLocationValue<T>(read: () => T, same: (a: T, b: T) => boolean): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const onChange = () => setValue((old) => {
      const next = read();
      return same(old, next) ? old : next;
    });
    window.addEventListener('hashchange', onChange);
    window.addEventListener(ROUTE_EVENT, onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener(ROUTE_EVENT, onChange);
    };
    // read and same are module functions or stable per caller: subscribed once.
  }, []);
  return value;
}

export function useRoute(): string[] {
  return useLocationValue(parts, (a, b) => a.join('/') === b.join('/'));
}

/** The address's query now (not as last rendered): for changes made one right after another. */
export function currentQuery(): string {
  return params().toString();
}

/** The query of the address ("?tab=Paid&q=oak"), as text: compare or parse it with URLSearchParams. */
export function useRouteQuery(): string {
  return useLocationValue(() => params().toString(), (a, b) => a === b);
}

/** A new screen: a new entry in the history (Back returns). `query` keeps a view's state in the address. */
export function navigate(...args: Array<string | number | URLSearchParams>): void {
  const query = args.find((a): a is URLSearchParams => a instanceof URLSearchParams);
  const path = args.filter((a) => !(a instanceof URLSearchParams)).join('/');
  const q = query?.toString();
  window.location.hash = `#/${path}${q ? `?${q}` : ''}`;
}

/**
 * The same screen in another state (a search typed, a filter or page chosen): the address
 * changes in place, without a history entry per keystroke, and the screen is told.
 */
export function replaceQuery(query: URLSearchParams): void {
  const q = query.toString();
  const hash = `#/${parts().join('/')}${q ? `?${q}` : ''}`;
  if (hash === window.location.hash) return;
  window.history.replaceState(window.history.state, '', hash);
  window.dispatchEvent(new Event(ROUTE_EVENT));
}
