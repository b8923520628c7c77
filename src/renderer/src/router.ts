import { useEffect, useState } from 'react';

// A tiny hash router: "#/payments/42" -> ['payments', '42']. The hash keeps Back/Forward and a
// reload on the same screen, with no server routes to configure (file:// in Electron).
export function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(...parts: Array<string | number>): void {
  window.location.hash = `#/${parts.join('/')}`;
}
